#pragma once
// Strict, located reading of the YAML users write (scenario files, plan files, PUT /plan bodies):
// unknown keys (with the closest allowed key and the allowed list), duplicate keys, wrong types
// (saying what was found) and bad durations are errors naming file:line:col and the field path.
//
// The reader owns the input's ErrorList. `fail` reports an error and abandons the value being read;
// reading resumes after the innermost `attempt`, so one bad field does not hide the next one and a
// file's errors come out together. A loader wraps each independent part in `attempt` and ends with
// `throw_if_errors`.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "faults/config/duration.hpp"
#include "faults/config/located_error.hpp"

namespace rwchaos::faults::config {

// A value in the document together with its field path ("client.args[2]") and the mark to blame
// when the value itself has none (an empty value `key:` has no mark of its own in yaml-cpp).
struct Field {
  std::string path;
  YAML::Node value;
  YAML::Mark fallback;
};

// The keys of one map, each once, in document order.
class MapFields {
 public:
  const Field* find(std::string_view key) const;
  const std::vector<std::pair<std::string, Field>>& entries() const { return by_key_; }
  YAML::Mark mark;  // of the map itself, blamed for missing keys
  std::string path;

 private:
  friend class YamlReader;
  std::vector<std::pair<std::string, Field>> by_key_;
  std::vector<std::string> suggested_;  // keys an unknown key's error already pointed at
};

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}
  const std::string& file() const { return file_; }
  const ErrorList& errors() const { return errors_; }
  void throw_if_errors() const;  // throws InvalidInput with every error reported

  // The first YAML document of `text` (Null when there is none). A syntax error, or a second
  // document ("one `what` per file"), is reported and gives Null.
  YAML::Node document(const std::string& text, std::string_view what);

  void report(const YAML::Mark& mark, const std::string& field, const std::string& message);
  void report(const Field& field, const std::string& message);
  // An error found in another file the input names (a scenario's Istio policies).
  void report(LocatedError error) { errors_.add(std::move(error)); }
  // report, then abandon the value being read.
  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& field, const std::string& message);
  [[noreturn]] void fail(const Field& field, const std::string& message);
  // Abandon without a new error (one was reported already).
  [[noreturn]] void abandon();
  // Runs `read`; false when it was abandoned. The unit of "go on past a bad field".
  template <typename Read>
  bool attempt(Read&& read) {
    try {
      read();
      return true;
    } catch (const Abandoned&) {
      return false;
    }
  }

  // Runs `read` on the field of `key` when `map` has it; false when absent or abandoned.
  template <typename Read>
  bool if_present(const MapFields& map, std::string_view key, Read&& read) {
    const Field* field = map.find(key);
    return field && attempt([&] { read(*field); });
  }

  // A map whose keys must all be in `allowed` (an empty `allowed` accepts any key). Unknown,
  // duplicate and non-word keys are reported and left out; a value that is no map fails.
  MapFields map(const Field& field, const std::vector<std::string>& allowed);
  // The field of `key`; fails when it is missing, without a second error for a key that an unknown
  // key's "did you mean" already named (`expcet:` is one mistake, not two).
  const Field& require(const MapFields& map, std::string_view key);

  std::string string(const Field& field);
  std::string choice(const Field& field, const std::vector<std::string>& choices);
  double number(const Field& field);
  std::int64_t integer(const Field& field, std::int64_t min, std::int64_t max);
  std::uint64_t unsigned_integer(const Field& field);
  bool boolean(const Field& field);
  Duration duration(const Field& field);
  std::vector<Field> sequence(const Field& field);
  std::vector<std::string> strings(const Field& field);

 private:
  struct Abandoned {};
  std::string file_;
  ErrorList errors_;
};

// A finite decimal number written whole ("1.5", "-2", "1e3"); empty otherwise.
std::optional<double> parse_number(const std::string& text);
// "parent.key", or "key" at the top.
std::string child_path(const std::string& parent, std::string_view key);
// Where a node is; `fallback` when the node has no mark.
YAML::Mark mark_of(const YAML::Node& node, const YAML::Mark& fallback);
// "a map", "a list", "\"text\"", "nothing": what the reader found, for messages.
std::string describe(const YAML::Node& node);
// "unknown key; did you mean 'lost'? (allowed: lost, duplicated, ...)".
std::string unknown_key_message(std::string_view key, const std::vector<std::string>& allowed);
// The allowed word one edit or two away from `word` (closest_word), or "".
std::string closest_allowed(std::string_view word, const std::vector<std::string>& allowed);
std::string join(const std::vector<std::string>& words, std::string_view separator);

}  // namespace rwchaos::faults::config
