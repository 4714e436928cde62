#include "faults/plan/fields.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace rwchaos::faults {
namespace {

bool contains(const std::vector<std::string>& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

}  // namespace

Fields::Fields(config::YamlReader& reader, const config::Field& map)
    : reader_(reader), map_(reader.map(map, {})), path_(map.path) {}

std::vector<std::string> Fields::keys_asked_by(const std::function<void(Fields&)>& parse) {
  config::YamlReader scratch("probe");
  Fields probe(scratch, config::Field{"", YAML::Node(YAML::NodeType::Map), YAML::Mark()});
  probe.probing_ = true;
  scratch.attempt([&] { parse(probe); });  // a parser that fails on defaults has told its keys so far
  return probe.asked_;
}

void Fields::ask(const std::string& key) const {
  if (!contains(asked_, key)) asked_.push_back(key);
}

bool Fields::has(const std::string& key) const {
  ask(key);
  return map_.find(key) != nullptr;
}

config::Field Fields::field(const std::string& key) {
  ask(key);
  if (const config::Field* found = map_.find(key)) return *found;
  return config::Field{path(key), YAML::Node(YAML::NodeType::Undefined), map_.mark};
}

YAML::Node Fields::node(const std::string& key) { return field(key).value; }

template <typename T, typename Read>
std::optional<T> Fields::read(const std::string& key, Read read_value) {
  const config::Field value = field(key);
  if (!value.value.IsDefined()) return probing_ ? std::optional<T>(T{}) : std::nullopt;
  std::optional<T> result;
  if (!reader_.attempt([&] { result = read_value(value); })) reported_.push_back(key);
  return result;
}

std::optional<std::string> Fields::text(const std::string& key) {
  return read<std::string>(key, [&](const config::Field& value) { return reader_.string(value); });
}

std::int64_t Fields::integer(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  const auto value = read<std::int64_t>(key, [&](const config::Field& v) { return reader_.integer(v, min, max); });
  return value.value_or(fallback);
}

double Fields::number(const std::string& key, double fallback, double min, double max) {
  const auto value = read<double>(key, [&](const config::Field& v) {
    const double number = reader_.number(v);
    if (!(number >= min && number <= max)) reader_.fail(v, fmt::format("must be between {} and {}, got {}", min, max, number));
    return number;
  });
  return value.value_or(fallback);
}

std::optional<bool> Fields::maybe_boolean(const std::string& key) {
  return read<bool>(key, [&](const config::Field& value) { return reader_.boolean(value); });
}

bool Fields::boolean(const std::string& key, bool fallback) { return maybe_boolean(key).value_or(fallback); }

std::optional<Duration> Fields::duration(const std::string& key) {
  return read<Duration>(key, [&](const config::Field& value) { return reader_.duration(value); });
}

std::string Fields::choice(const std::string& key, std::string fallback, std::initializer_list<std::string_view> choices) {
  const std::vector<std::string> words(choices.begin(), choices.end());
  return read<std::string>(key, [&](const config::Field& value) { return reader_.choice(value, words); })
      .value_or(fallback);
}

void Fields::report(const std::string& key, const std::string& message) {
  if (contains(reported_, key)) return;
  reported_.push_back(key);
  reader_.report(field(key), message);
}

void Fields::fail(const std::string& key, const std::string& message) {
  report(key, message);
  reader_.abandon();
}

void Fields::reject_keys_outside(const std::vector<std::string>& allowed) {
  for (const auto& [key, value] : map_.entries()) {
    if (contains(allowed, key)) continue;
    reader_.report(value.fallback, value.path, config::unknown_key_message(key, allowed));
    reported_.push_back(config::closest_allowed(key, allowed));
  }
}

}  // namespace rwchaos::faults
