#include "harness/istio/istio_yaml_checks.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "harness/istio/istio_duration.hpp"
#include "harness/istio/istio_schema.hpp"

namespace rwchaos::harness::istio {

using std::chrono::milliseconds;

// node[key] without yaml-cpp's throws: an undefined node unless `node` is a mapping with `key`.
// A missing key of a const map gives an invalid ("zombie") node, on which IsMap() throws: test
// IsDefined() first, which such a node answers (false) without throwing.
YAML::Node child(const YAML::Node& node, const char* key) {
  if (!node.IsDefined() || !node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  return node[key];
}

std::string YamlChecks::at(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return out_.file;
  return fmt::format("{}:{}:{}", out_.file, mark.line + 1, mark.column + 1);
}
std::string YamlChecks::line_of(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? out_.file : fmt::format("{}:{}", out_.file, mark.line + 1);
}
void YamlChecks::error(const YAML::Node& node, const std::string& field, const std::string& message) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return out_.errors.push_back({out_.file, 0, 0, field, message});
  out_.errors.push_back({out_.file, mark.line + 1, mark.column + 1, field, message});
}
void YamlChecks::warning(const YAML::Node& node, const std::string& field, const std::string& message) {
  out_.warnings.push_back(fmt::format("{}: warning: field '{}': {}", at(node), field, message));
}

bool YamlChecks::check_map(const YAML::Node& node, const std::string& field, std::string_view message) {
  if (!node.IsMap()) {
    error(node, field, fmt::format("expected a mapping ({}), got {}", message, describe(node)));
    return false;
  }
  const auto known = istio::known_fields(message, release_);
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (known.count(key) != 0) continue;
    if (const FieldType* later = find_field(message, key)) {
      error(entry.first, field.empty() ? key : field + "." + key,
            fmt::format("not a field of {} in {}'s API (added in {})", message, release_.name(),
                        later->since >= 31 ? "a release after Istio 1.30" : "Istio 1." + std::to_string(later->since)));
      continue;
    }
    const std::string suggestion = istio::suggest_field(key, known);
    error(entry.first, field.empty() ? key : field + "." + key,
          fmt::format("unknown field in {}{}", message,
                      suggestion.empty() ? "" : fmt::format(" (did you mean '{}'?)", suggestion)));
  }
  return true;
}

std::optional<long long> YamlChecks::integer(const YAML::Node& node, const std::string& field, long long min) {
  long long value = 0;
  std::size_t used = 0;
  bool ok = node.IsScalar() && !quoted(node);
  if (ok) {
    try {
      value = std::stoll(node.Scalar(), &used);
    } catch (const std::exception&) {
      ok = false;
    }
  }
  if (!ok || used != node.Scalar().size()) {
    error(node, field, fmt::format("expected an integer, got {}", describe(node)));
    return std::nullopt;
  }
  if (value < min || value > 2147483647LL) {
    error(node, field, fmt::format("must be between {} and 2147483647, got {}", min, value));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> YamlChecks::boolean(const YAML::Node& node, const std::string& field) {
  const std::string text = node.IsScalar() && !quoted(node) ? node.Scalar() : "";
  if (text == "true") return true;
  if (text == "false") return false;
  error(node, field, fmt::format("expected true or false, got {}", describe(node)));
  return std::nullopt;
}

std::optional<milliseconds> YamlChecks::duration(const YAML::Node& node, const std::string& field,
                                                 bool allow_zero, bool range_checked) {
  if (!node.IsScalar()) {
    error(node, field, fmt::format("expected a duration like 30s, got {}", describe(node)));
    return std::nullopt;
  }
  const auto parsed = parse_istio_duration(node.Scalar());
  if (const auto* message = std::get_if<std::string>(&parsed)) {
    error(node, field, *message);
    return std::nullopt;
  }
  const auto nanos = std::get<std::chrono::nanoseconds>(parsed);
  if (!range_checked) return std::chrono::duration_cast<milliseconds>(nanos);
  if (const std::string problem = check_istio_duration_range(nanos, allow_zero); !problem.empty()) {
    error(node, field, fmt::format("\"{}\": {}", node.Scalar(), problem));
    return std::nullopt;
  }
  return std::chrono::duration_cast<milliseconds>(nanos);
}

void YamlChecks::check_message(const YAML::Node& node, const std::string& field, std::string_view message) {
  if (!check_map(node, field, message)) return;
  check_other_fields(node, field, message, {});
}

void YamlChecks::check_other_fields(const YAML::Node& node, const std::string& field, std::string_view message,
                                    std::initializer_list<std::string_view> read) {
  if (!node.IsMap()) return;
  const auto known = istio::known_fields(message, release_);
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (known.count(key) == 0 || std::find(read.begin(), read.end(), key) != read.end()) continue;
    check_value(entry.second, field.empty() ? key : field + "." + key, *find_field(message, key));
  }
}

void YamlChecks::check_value(const YAML::Node& node, const std::string& field, const FieldType& type) {
  using Kind = FieldType::Kind;
  if (node.IsNull()) return;  // `key:` or `key: null`: unset, as Kubernetes reads it
  if (type.repeated) {
    if (!node.IsSequence()) return error(node, field, fmt::format("expected a list, got {}", describe(node)));
    FieldType item = type;
    item.repeated = false;
    for (std::size_t i = 0; i < node.size(); ++i) check_value(node[i], fmt::format("{}[{}]", field, i), item);
    return;
  }
  if (type.kind == Kind::message) return check_message(node, field, type.type);
  if (type.kind == Kind::string_map || type.kind == Kind::message_map) {
    if (!node.IsMap()) return error(node, field, fmt::format("expected a map, got {}", describe(node)));
    for (const auto& entry : node) {
      const std::string key_field = field + "." + entry.first.Scalar();
      if (type.kind == Kind::message_map) check_message(entry.second, key_field, type.type);
      else if (!entry.second.IsScalar()) error(entry.second, key_field, fmt::format("expected a value, got {}", describe(entry.second)));
    }
    return;
  }
  check_scalar(node, field, type);
}

void YamlChecks::check_scalar(const YAML::Node& node, const std::string& field, const FieldType& type) {
  using Kind = FieldType::Kind;
  switch (type.kind) {
    case Kind::string:
      if (!node.IsScalar()) error(node, field, fmt::format("expected a string, got {}", describe(node)));
      return;
    case Kind::integer: integer(node, field, 0); return;
    case Kind::boolean: boolean(node, field); return;
    case Kind::number:
      if (!node.IsScalar() || quoted(node) || !faults::config::parse_number(node.Scalar()))
        error(node, field, fmt::format("expected a number, got {}", describe(node)));
      return;
    case Kind::duration: duration(node, field, true, false); return;  // the webhook checks only some durations
    case Kind::enumeration: {
      const auto& values = enum_values(type.type);
      if (!node.IsScalar() || std::find(values.begin(), values.end(), node.Scalar()) == values.end())
        error(node, field, fmt::format("expected one of {}, got {}", join(values, ", "), describe(node)));
      return;
    }
    default: return;
  }
}

}  // namespace rwchaos::harness::istio
