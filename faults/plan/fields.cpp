#include "faults/plan/fields.hpp"

#include <fmt/format.h>

namespace rwchaos::faults {

void fail_at(const YAML::Node& node, const std::string& file, const std::string& field,
             const std::string& message) {
  PlanError error;
  error.file = file;
  const YAML::Mark mark = node.Mark();
  if (mark.line >= 0) {
    error.line = mark.line + 1;
    error.column = mark.column + 1;
  }
  error.field = field;
  error.message = message;
  throw PlanException(std::move(error));
}

Fields::Fields(const YAML::Node& map, std::string file, std::string path)
    : map_(map), file_(std::move(file)), path_(std::move(path)) {
  if (!map_.IsMap()) fail_at(map_, file_, path_, "expected a mapping like {action: respond, ...}");
}

bool Fields::has(const std::string& key) const { return static_cast<bool>(map_[key]); }

YAML::Node Fields::node(const std::string& key) {
  known_.insert(key);
  return map_[key];
}

void Fields::fail(const std::string& key, const std::string& message) {
  const YAML::Node value = map_[key];
  fail_at(value ? value : map_, file_, path(key), message);
}

std::optional<std::string> Fields::text(const std::string& key) {
  const YAML::Node value = node(key);
  if (!value) return std::nullopt;
  if (!value.IsScalar()) fail(key, "expected a string");
  return value.Scalar();
}

std::int64_t Fields::integer(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  const YAML::Node value = node(key);
  if (!value) return fallback;
  std::int64_t result = 0;
  if (!value.IsScalar() || !YAML::convert<std::int64_t>::decode(value, result)) {
    fail(key, fmt::format("expected an integer, got \"{}\"", value.IsScalar() ? value.Scalar() : "a collection"));
  }
  if (result < min || result > max) fail(key, fmt::format("must be between {} and {}, got {}", min, max, result));
  return result;
}

double Fields::number(const std::string& key, double fallback, double min, double max) {
  const YAML::Node value = node(key);
  if (!value) return fallback;
  double result = 0;
  if (!value.IsScalar() || !YAML::convert<double>::decode(value, result)) {
    fail(key, fmt::format("expected a number, got \"{}\"", value.IsScalar() ? value.Scalar() : "a collection"));
  }
  if (!(result >= min && result <= max)) fail(key, fmt::format("must be between {} and {}, got {}", min, max, result));
  return result;
}

std::optional<bool> Fields::maybe_boolean(const std::string& key) {
  const YAML::Node value = node(key);
  if (!value) return std::nullopt;
  bool result = false;
  if (!value.IsScalar() || !YAML::convert<bool>::decode(value, result)) {
    fail(key, fmt::format("expected true or false, got \"{}\"", value.IsScalar() ? value.Scalar() : "a collection"));
  }
  return result;
}

bool Fields::boolean(const std::string& key, bool fallback) { return maybe_boolean(key).value_or(fallback); }

std::optional<Duration> Fields::duration(const std::string& key) {
  const YAML::Node value = node(key);
  if (!value) return std::nullopt;
  if (!value.IsScalar()) fail(key, "expected a duration like 500ms, 30s, 2m or a number of seconds");
  auto parsed = parse_duration(value.Scalar());
  if (!parsed) {
    fail(key, fmt::format("expected a duration like 500ms, 30s, 2m or a number of seconds, got \"{}\"", value.Scalar()));
  }
  return parsed;
}

std::string Fields::choice(const std::string& key, std::string fallback, std::initializer_list<std::string_view> choices) {
  auto value = text(key);
  if (!value) return fallback;
  for (auto choice : choices) {
    if (*value == choice) return *value;
  }
  fail(key, fmt::format("expected one of {}, got \"{}\"", fmt::join(choices, "|"), *value));
}

void Fields::reject_unknown_keys() const {
  for (const auto& entry : map_) {
    const std::string key = entry.first.as<std::string>("");
    if (!known_.count(key)) fail_at(entry.first, file_, path_ + "." + key, "unknown key");
  }
}

}  // namespace rwchaos::faults
