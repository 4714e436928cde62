#pragma once
// Errors in what a user wrote (scenario files, plan files, PUT /plan bodies), each naming where it
// is: file, line, column and field. A file's errors are collected, not just the first.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace rwchaos::faults::config {

struct LocatedError {
  std::string file;     // file name, or "plan" for a PUT /plan body
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;       // 1-based; 0 when unknown
  std::string field;    // e.g. "phases[1].faults[0].when.requests"; empty for YAML syntax and whole-file errors
  std::string message;
  // "file:line:col: field 'F': message" ("file: message" without a place or a field).
  std::string to_string() const;
};

// The errors of one input, in the order of their place in it.
class ErrorList {
 public:
  static constexpr std::size_t shown = 20;  // lines() prints at most these, then "... and N more"

  void add(LocatedError error);
  bool empty() const { return total_ == 0; }
  std::size_t total() const { return total_; }
  // Sorted by line and column; at most `kept` of them are held (the total is counted beyond it).
  std::vector<LocatedError> errors() const;
  std::vector<std::string> lines() const;

 private:
  static constexpr std::size_t kept = 1000;  // a fuzzed file may hold millions of bad keys
  std::vector<LocatedError> errors_;
  std::size_t total_ = 0;
};

// Thrown when an input has errors; what() is every line of lines(), one per line.
class InvalidInput : public std::runtime_error {
 public:
  explicit InvalidInput(ErrorList errors);
  explicit InvalidInput(LocatedError error);
  const ErrorList& list() const { return errors_; }
  LocatedError first() const { return errors_.errors().front(); }

 private:
  ErrorList errors_;
};

}  // namespace rwchaos::faults::config
