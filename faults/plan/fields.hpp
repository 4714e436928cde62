#pragma once
// One fault entry read key by key, for its action's parser, on the shared strict reader
// (faults/config), so its errors read like every other: file, line, column, field, the closest key
// and the allowed ones. A typed read that fails reports and yields its fallback, so the parser goes
// on and one entry's errors come out together; `fail` reports and abandons the entry.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "faults/config/duration.hpp"
#include "faults/config/yaml_reader.hpp"

namespace rwchaos::faults {

class Fields {
 public:
  // Fails (abandoning the entry) when `map` is not a mapping; duplicate keys are reported.
  Fields(config::YamlReader& reader, const config::Field& map);

  // The keys `parse` asks for, read from an empty entry in which every value reads as present and
  // zero ("", 0, 0s, false), so that a parser that requires one reads on to the rest.
  static std::vector<std::string> keys_asked_by(const std::function<void(Fields&)>& parse);

  bool has(const std::string& key) const;
  YAML::Node node(const std::string& key);          // an undefined node when absent
  config::Field field(const std::string& key);      // the key's value with its path and place
  std::string path(const std::string& key) const { return config::child_path(path_, key); }
  const std::string& file() const { return reader_.file(); }

  std::optional<std::string> text(const std::string& key);
  std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max);
  double number(const std::string& key, double fallback, double min, double max);
  bool boolean(const std::string& key, bool fallback);
  std::optional<bool> maybe_boolean(const std::string& key);
  std::optional<Duration> duration(const std::string& key);
  // One of `choices`, or `fallback` when absent.
  std::string choice(const std::string& key, std::string fallback, std::initializer_list<std::string_view> choices);

  // An error about `key`. One per key: none for a key whose value was reported already, or that an
  // unknown key's "did you mean" named (`dealy:` is one mistake, not also a missing `delay`).
  void report(const std::string& key, const std::string& message);
  [[noreturn]] void fail(const std::string& key, const std::string& message);
  // Reports every key outside `allowed`, with the closest allowed key and the list.
  void reject_keys_outside(const std::vector<std::string>& allowed);

 private:
  // Reads `key` with `read` when it is present; empty when absent (a probe reads zero) or bad (then
  // reported).
  template <typename T, typename Read>
  std::optional<T> read(const std::string& key, Read read_value);
  void ask(const std::string& key) const;

  config::YamlReader& reader_;
  config::MapFields map_;
  std::string path_;
  bool probing_ = false;
  mutable std::vector<std::string> asked_;  // in the order the parser asked
  std::vector<std::string> reported_;
};

}  // namespace rwchaos::faults
