#pragma once
// Typed, strict reading of YAML nodes for the scenario loader: every wrong type, unknown key,
// duplicate key or missing field throws ScenarioLoadError naming file:line:col and the field path.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "harness/scenario/scenario.hpp"
#include "harness/scenario/scenario_error.hpp"

namespace rwchaos::harness {

// A value in the document together with its field path ("client.args[2]") and the mark to blame
// when the value itself has none (an empty value `key:` has no mark of its own in yaml-cpp).
struct Field {
  std::string path;
  YAML::Node value;
  YAML::Mark fallback;
};

// The keys of one map, checked against the allowed set.
class MapFields {
 public:
  const Field* find(std::string_view key) const;
  const std::vector<std::pair<std::string, Field>>& entries() const { return by_key_; }
  YAML::Mark mark;  // of the map itself, blamed for missing keys
  std::string path;

 private:
  friend class YamlReader;
  std::vector<std::pair<std::string, Field>> by_key_;
};

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}
  const std::string& file() const { return file_; }

  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& field, const std::string& message) const;
  [[noreturn]] void fail(const Field& field, const std::string& message) const;

  // A map whose keys must all be in `allowed` (an empty `allowed` accepts any key).
  MapFields map(const Field& field, const std::vector<std::string>& allowed) const;
  const Field& require(const MapFields& map, std::string_view key) const;

  std::string string(const Field& field) const;
  std::string choice(const Field& field, const std::vector<std::string>& choices) const;
  double number(const Field& field) const;
  std::uint64_t unsigned_integer(const Field& field) const;
  Duration duration(const Field& field) const;
  std::vector<Field> sequence(const Field& field) const;
  std::vector<std::string> strings(const Field& field) const;

 private:
  std::string file_;
};

// Where a node is, as 1-based line and column; falls back when the node has no mark.
YAML::Mark mark_of(const YAML::Node& node, const YAML::Mark& fallback);
// "a map", "a list", "\"text\"", "nothing": what the reader found, for messages.
std::string describe(const YAML::Node& node);
// The closest allowed word to a typo, or "" when nothing is close.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);
std::string join(const std::vector<std::string>& words, std::string_view separator);

}  // namespace rwchaos::harness
