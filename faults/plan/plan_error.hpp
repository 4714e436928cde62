#pragma once
// A plan or fault-entry error that names where it is: file, line, column and field.
#include <string>

namespace rwchaos::faults {

struct PlanError {
  std::string file;     // file name, or "plan" for a PUT /plan body
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;       // 1-based; 0 when unknown
  std::string field;    // e.g. "phases[1].faults[0].when.requests"
  std::string message;  // e.g. "expected a range like \"3-5\", got \"x\""
  std::string to_string() const;  // "file:line:col: field 'F': message"
};

}  // namespace rwchaos::faults
