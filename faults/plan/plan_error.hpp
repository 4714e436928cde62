#pragma once
// A plan or fault-entry error that names where it is: file, line, column and field.
#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace rwchaos::faults {

struct PlanError {
  std::string file;     // file name, or "plan" for a PUT /plan body
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;       // 1-based; 0 when unknown
  std::string field;    // e.g. "phases[1].faults[0].when.requests"
  std::string message;  // e.g. "expected a range like \"3-5\", got \"x\""
  std::string to_string() const;  // "file:line:col: field 'F': message"
};

// Checks a `faults:` sequence as written in a scenario phase or a plan file. `field_prefix` names the
// list (e.g. "phases[1].faults"); errors use the node's own marks for line and column.
std::optional<PlanError> check_fault_list(const YAML::Node& faults, std::string_view file,
                                          std::string_view field_prefix);

}  // namespace rwchaos::faults
