#include "faults/config/yaml_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "faults/config/closest_word.hpp"
#include "faults/config/yaml_document.hpp"

namespace rwchaos::faults::config {

std::optional<double> parse_number(const std::string& text) {
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string child_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

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

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string text;
  for (const auto& word : words) {
    if (!text.empty()) text += separator;
    text += word;
  }
  return text;
}

std::string closest_allowed(std::string_view word, const std::vector<std::string>& allowed) {
  return closest_word(word, allowed);
}

std::string unknown_key_message(std::string_view key, const std::vector<std::string>& allowed) {
  const std::string hint = closest_allowed(key, allowed);
  return "unknown key" + (hint.empty() ? "" : "; did you mean '" + hint + "'?") + " (allowed: " + join(allowed, ", ") + ")";
}

const Field* MapFields::find(std::string_view key) const {
  for (const auto& [name, field] : by_key_)
    if (name == key) return &field;
  return nullptr;
}

void YamlReader::throw_if_errors() const {
  if (!errors_.empty()) throw InvalidInput(errors_);
}

YAML::Node YamlReader::document(const std::string& text, std::string_view what) {
  YamlDocument document;
  try {
    document = read_first_yaml_document(text);
  } catch (const YAML::Exception& error) {
    report(error.mark, "", "YAML syntax: " + error.msg);
    return YAML::Node(YAML::NodeType::Null);
  }
  if (document.second_start) {
    report(*document.second_start, "", "one " + std::string(what) + " per file (found a second YAML document)");
    return YAML::Node(YAML::NodeType::Null);
  }
  return document.root;
}

void YamlReader::report(const YAML::Mark& mark, const std::string& field, const std::string& message) {
  LocatedError error{file_, 0, 0, field, message};
  if (mark.line >= 0) {
    error.line = mark.line + 1;
    error.column = mark.column + 1;
  }
  errors_.add(std::move(error));
}

void YamlReader::report(const Field& field, const std::string& message) {
  report(mark_of(field.value, field.fallback), field.path, message);
}

void YamlReader::fail(const YAML::Mark& mark, const std::string& field, const std::string& message) {
  report(mark, field, message);
  abandon();
}

void YamlReader::fail(const Field& field, const std::string& message) {
  report(field, message);
  abandon();
}

void YamlReader::abandon() { throw Abandoned{}; }

MapFields YamlReader::map(const Field& field, const std::vector<std::string>& allowed) {
  if (!field.value.IsMap()) fail(field, "expected a map, got " + describe(field.value));
  MapFields fields;
  fields.mark = mark_of(field.value, field.fallback);
  fields.path = field.path;
  // Key -> its entry, so a map with many keys (a PUT /plan body of up to 1 MiB) is checked for
  // duplicates in linear time, not by scanning the entries for every key.
  std::unordered_map<std::string, std::size_t> seen;
  for (const auto& pair : field.value) {
    const YAML::Mark key_mark = mark_of(pair.first, fields.mark);
    if (!pair.first.IsScalar()) {
      report(key_mark, field.path, "keys must be plain words, got " + describe(pair.first));
      continue;
    }
    const std::string key = pair.first.Scalar();
    const std::string path = child_path(field.path, key);
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      report(key_mark, path, unknown_key_message(key, allowed));
      fields.suggested_.push_back(closest_allowed(key, allowed));
    } else if (const auto [at, fresh] = seen.try_emplace(key, fields.by_key_.size()); !fresh) {
      const Field& first = fields.by_key_[at->second].second;
      report(key_mark, path, "duplicate key (first on line " + std::to_string(first.fallback.line + 1) + ")");
    } else {
      fields.by_key_.emplace_back(key, Field{path, pair.second, key_mark});
    }
  }
  return fields;
}

const Field& YamlReader::require(const MapFields& map, std::string_view key) {
  if (const Field* field = map.find(key)) return *field;
  if (std::find(map.suggested_.begin(), map.suggested_.end(), key) != map.suggested_.end()) abandon();
  fail(map.mark, child_path(map.path, key), "required field is missing");
}

std::string YamlReader::string(const Field& field) {
  if (!field.value.IsScalar()) fail(field, "expected text, got " + describe(field.value));
  return field.value.Scalar();
}

std::string YamlReader::choice(const Field& field, const std::vector<std::string>& choices) {
  const std::string value = string(field);
  if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
    const std::string hint = closest_word(value, choices);
    fail(field, "expected one of " + join(choices, ", ") + ", got \"" + value + "\"" +
                    (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
  }
  return value;
}

double YamlReader::number(const Field& field) {
  if (!field.value.IsScalar()) fail(field, "expected a number, got " + describe(field.value));
  const auto value = parse_number(field.value.Scalar());
  if (!value) fail(field, "expected a number, got " + describe(field.value));
  return *value;
}

std::int64_t YamlReader::integer(const Field& field, std::int64_t min, std::int64_t max) {
  if (!field.value.IsScalar()) fail(field, "expected a whole number, got " + describe(field.value));
  const std::string& text = field.value.Scalar();
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || end != text.data() + text.size() || ec == std::errc::invalid_argument)
    fail(field, "expected a whole number, got \"" + text + "\"");
  if (ec == std::errc::result_out_of_range || value < min || value > max)
    fail(field, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " + text);
  return value;
}

std::uint64_t YamlReader::unsigned_integer(const Field& field) {
  if (!field.value.IsScalar()) fail(field, "expected a whole number >= 0, got " + describe(field.value));
  const std::string& text = field.value.Scalar();
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || text.front() == '-' || end != text.data() + text.size() || ec != std::errc{})
    fail(field, "expected a whole number >= 0, got \"" + text + "\"");
  return value;
}

bool YamlReader::boolean(const Field& field) {
  bool value = false;
  if (!field.value.IsScalar() || !YAML::convert<bool>::decode(field.value, value))
    fail(field, "expected true or false, got " + describe(field.value));
  return value;
}

Duration YamlReader::duration(const Field& field) {
  if (!field.value.IsScalar()) fail(field, "expected a duration like 500ms, 30s or 1m30s, got " + describe(field.value));
  const ParsedDuration parsed = parse_duration(field.value.Scalar());
  if (!parsed.value) fail(field, parsed.error);
  return *parsed.value;
}

std::vector<Field> YamlReader::sequence(const Field& field) {
  if (!field.value.IsSequence()) fail(field, "expected a list, got " + describe(field.value));
  std::vector<Field> items;
  const YAML::Mark list_mark = mark_of(field.value, field.fallback);
  std::size_t index = 0;
  for (const auto& item : field.value)
    items.push_back(Field{field.path + "[" + std::to_string(index++) + "]", item, list_mark});
  return items;
}

std::vector<std::string> YamlReader::strings(const Field& field) {
  std::vector<std::string> values;
  for (const auto& item : sequence(field)) values.push_back(string(item));
  return values;
}

}  // namespace rwchaos::faults::config
