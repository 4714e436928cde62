#pragma once
// A scenario file error that names where it is: file, line, column and field, in the same shape as
// faults::PlanError, so `rwchaos validate` prints both alike.
#include <stdexcept>
#include <string>

namespace rwchaos::harness {

struct ScenarioError {
  std::string file;
  int line = 0;        // 1-based; 0 when unknown
  int column = 0;      // 1-based; 0 when unknown
  std::string field;   // e.g. "expect.lost"; empty for YAML syntax errors and whole-file errors
  std::string message;
  // "file:line:col: field 'F': message" ("file:line:col: message" without a field).
  std::string to_string() const;
};

class ScenarioLoadError : public std::runtime_error {
 public:
  explicit ScenarioLoadError(ScenarioError error) : std::runtime_error(error.to_string()), error_(std::move(error)) {}
  const ScenarioError& error() const { return error_; }

 private:
  ScenarioError error_;
};

}  // namespace rwchaos::harness
