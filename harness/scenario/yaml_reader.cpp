#include "harness/scenario/yaml_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "harness/scenario/closest_word.hpp"
#include "harness/scenario/duration.hpp"

namespace rwchaos::harness {
namespace {

std::string child_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

}  // namespace

YAML::Mark mark_of(const YAML::Node& node, const YAML::Mark& fallback) {
  if (!node.IsDefined() || node.IsNull()) return fallback;
  const YAML::Mark mark = node.Mark();
  return mark.line < 0 ? fallback : mark;
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  return "\"" + node.Scalar() + "\"";
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  return closest_word(word, candidates);
}

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string text;
  for (const auto& word : words) {
    if (!text.empty()) text += separator;
    text += word;
  }
  return text;
}

const Field* MapFields::find(std::string_view key) const {
  for (const auto& [name, field] : by_key_)
    if (name == key) return &field;
  return nullptr;
}

void YamlReader::fail(const YAML::Mark& mark, const std::string& field, const std::string& message) const {
  ScenarioError error;
  error.file = file_;
  if (mark.line >= 0) {
    error.line = mark.line + 1;
    error.column = mark.column + 1;
  }
  error.field = field;
  error.message = message;
  throw ScenarioLoadError(std::move(error));
}

void YamlReader::fail(const Field& field, const std::string& message) const {
  fail(mark_of(field.value, field.fallback), field.path, message);
}

MapFields YamlReader::map(const Field& field, const std::vector<std::string>& allowed) const {
  if (!field.value.IsMap()) fail(field, "expected a map, got " + describe(field.value));
  MapFields fields;
  fields.mark = mark_of(field.value, field.fallback);
  fields.path = field.path;
  for (const auto& pair : field.value) {
    const YAML::Mark key_mark = mark_of(pair.first, fields.mark);
    if (!pair.first.IsScalar()) fail(key_mark, field.path, "keys must be plain words, got " + describe(pair.first));
    const std::string key = pair.first.Scalar();
    const std::string path = child_path(field.path, key);
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      const std::string hint = closest(key, allowed);
      fail(key_mark, path,
           "unknown key" + (hint.empty() ? "" : "; did you mean '" + hint + "'?") + " (allowed: " + join(allowed, ", ") + ")");
    }
    if (fields.find(key)) fail(key_mark, path, "duplicate key");
    Field value{path, pair.second, key_mark};
    fields.by_key_.emplace_back(key, value);
  }
  return fields;
}

const Field& YamlReader::require(const MapFields& map, std::string_view key) const {
  if (const Field* field = map.find(key)) return *field;
  fail(map.mark, child_path(map.path, std::string(key)), "required field is missing");
}

std::string YamlReader::string(const Field& field) const {
  if (!field.value.IsScalar()) fail(field, "expected text, got " + describe(field.value));
  return field.value.Scalar();
}

std::string YamlReader::choice(const Field& field, const std::vector<std::string>& choices) const {
  const std::string value = string(field);
  if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
    const std::string hint = closest(value, choices);
    fail(field, "expected one of " + join(choices, ", ") + ", got \"" + value + "\"" +
                    (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
  }
  return value;
}

double YamlReader::number(const Field& field) const {
  if (!field.value.IsScalar()) fail(field, "expected a number, got " + describe(field.value));
  const std::string text = field.value.Scalar();
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(value))
    fail(field, "expected a number, got \"" + text + "\"");
  return value;
}

std::uint64_t YamlReader::unsigned_integer(const Field& field) const {
  if (!field.value.IsScalar()) fail(field, "expected a whole number >= 0, got " + describe(field.value));
  const std::string text = field.value.Scalar();
  const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  errno = 0;
  const unsigned long long value = digits ? std::strtoull(text.c_str(), nullptr, 10) : 0;
  if (!digits || errno == ERANGE) fail(field, "expected a whole number >= 0, got \"" + text + "\"");
  return value;
}

Duration YamlReader::duration(const Field& field) const {
  if (!field.value.IsScalar()) fail(field, "expected a duration like 500ms, 30s or 2m, got " + describe(field.value));
  const auto value = parse_duration(field.value.Scalar());
  if (!value) fail(field, "expected a duration like 500ms, 30s or 2m, got \"" + field.value.Scalar() + "\"");
  return *value;
}

std::vector<Field> YamlReader::sequence(const Field& field) const {
  if (!field.value.IsSequence()) fail(field, "expected a list, got " + describe(field.value));
  std::vector<Field> items;
  const YAML::Mark list_mark = mark_of(field.value, field.fallback);
  std::size_t index = 0;
  for (const auto& item : field.value)
    items.push_back(Field{field.path + "[" + std::to_string(index++) + "]", item, list_mark});
  return items;
}

std::vector<std::string> YamlReader::strings(const Field& field) const {
  std::vector<std::string> values;
  for (const auto& item : sequence(field)) values.push_back(string(item));
  return values;
}

}  // namespace rwchaos::harness
