#pragma once
// Reads one YAML mapping field by field, so that every error names file, line, column and field,
// and keys nobody asked for are reported as unknown.
#include <cstdint>
#include <exception>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "faults/plan/duration.hpp"
#include "faults/plan/plan_error.hpp"

namespace rwchaos::faults {

struct PlanException : std::exception {
  explicit PlanException(PlanError e) : error(std::move(e)), text(error.to_string()) {}
  const char* what() const noexcept override { return text.c_str(); }
  PlanError error;
  std::string text;
};

// Throws PlanException located at `node`.
[[noreturn]] void fail_at(const YAML::Node& node, const std::string& file, const std::string& field,
                          const std::string& message);

class Fields {
 public:
  Fields(const YAML::Node& map, std::string file, std::string path);

  bool has(const std::string& key) const;
  YAML::Node node(const std::string& key);  // marks the key as known; Null node when absent
  std::string path(const std::string& key) const { return path_ + "." + key; }
  const std::string& file() const { return file_; }

  std::optional<std::string> text(const std::string& key);
  std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max);
  double number(const std::string& key, double fallback, double min, double max);
  bool boolean(const std::string& key, bool fallback);
  std::optional<bool> maybe_boolean(const std::string& key);
  std::optional<Duration> duration(const std::string& key);
  // One of `choices`, or `fallback` when absent.
  std::string choice(const std::string& key, std::string fallback, std::initializer_list<std::string_view> choices);

  [[noreturn]] void fail(const std::string& key, const std::string& message);
  void reject_unknown_keys() const;

 private:
  YAML::Node map_;
  std::string file_;
  std::string path_;
  std::set<std::string> known_;
};

}  // namespace rwchaos::faults
