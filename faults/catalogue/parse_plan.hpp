#pragma once
// Fault plans from YAML (docs/internals.md "Plan YAML"): each entry's `action` picks its parser in
// the registry, which reads the action's own fields; `when` is read the same for all.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "faults/engine/plan.hpp"
#include "faults/plan/fields.hpp"

namespace rwchaos::faults::catalogue {

// Parses a `faults:` sequence; throws PlanException naming file, line, column and field.
std::vector<engine::Fault> parse_fault_list(const YAML::Node& faults, const std::string& file, const std::string& prefix);

// Parses a whole plan (YAML or JSON text); throws PlanException.
engine::Plan parse_plan(std::string_view text, const std::string& file);

// Checks a `faults:` sequence as written in a scenario phase or a plan file. `field_prefix` names the
// list (e.g. "phases[1].faults"); errors use the node's own marks for line and column.
std::optional<PlanError> check_fault_list(const YAML::Node& faults, std::string_view file, std::string_view field_prefix);

}  // namespace rwchaos::faults::catalogue
