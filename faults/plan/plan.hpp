#pragma once
// A fault plan: `seed:` and a `faults:` list, each entry an action from the catalogue with its `when`.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "faults/plan/fields.hpp"
#include "faults/plan/when.hpp"

namespace rwchaos::faults {

namespace catalogue { class Action; }

struct Fault {
  std::string action;                              // catalogue name, e.g. "respond"
  When when;
  std::shared_ptr<const catalogue::Action> impl;   // parsed parameters + behaviour
};

struct Plan {
  std::uint64_t seed = 0;
  std::vector<Fault> faults;
  std::string yaml;                                     // as served by GET /plan
  std::chrono::steady_clock::time_point installed{};  // `from`/`until` count from here
};

// Parses a `faults:` sequence; throws PlanException naming file, line, column and field.
std::vector<Fault> parse_fault_list(const YAML::Node& faults, const std::string& file, const std::string& prefix);

// Parses a whole plan (YAML or JSON text); throws PlanException.
Plan parse_plan(std::string_view text, const std::string& file);

}  // namespace rwchaos::faults
