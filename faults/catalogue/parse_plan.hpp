#pragma once
// Fault plans from YAML (docs/internals.md "Plan YAML"): each entry's `action` picks its parser in
// the registry, which reads the action's own fields; `when` is read the same for all. Read on the
// shared strict reader (faults/config), so every error of a plan is reported, located.
#include <string>
#include <string_view>
#include <vector>

#include "faults/config/yaml_reader.hpp"
#include "faults/engine/plan.hpp"

namespace rwchaos::faults::catalogue {

// Reads a `faults:` sequence as written in a plan or a scenario phase (`faults.path` names it, e.g.
// "phases[1].faults"); a bad entry is reported to `reader` and left out. Fails (abandoning the
// caller's read) when `faults` is not a list; an absent or empty value is no faults.
std::vector<engine::Fault> parse_fault_list(config::YamlReader& reader, const config::Field& faults);
// The same, for a caller that only checks the entries (the scenario loader).
void check_fault_list(config::YamlReader& reader, const config::Field& faults);

// Parses a whole plan (YAML or JSON text); throws config::InvalidInput with every error.
engine::Plan parse_plan(std::string_view text, const std::string& file);

}  // namespace rwchaos::faults::catalogue
