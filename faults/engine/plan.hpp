#pragma once
// A fault plan as the engine serves it: `seed:` and the faults in list order, each an action of one
// stage with its `when`. catalogue/parse_plan.hpp reads it from YAML.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "faults/engine/stage_actions.hpp"
#include "faults/plan/when.hpp"

namespace rwchaos::faults::engine {

struct Fault {
  std::string action;  // catalogue name, e.g. "respond"
  When when;
  StagedAction impl;   // parsed parameters + behaviour
  Stage stage() const { return stage_of(impl); }
};

struct Plan {
  std::uint64_t seed = 0;
  std::vector<Fault> faults;
  std::string yaml;                                   // as served by GET /plan
  std::chrono::steady_clock::time_point installed{};  // `from`/`until` count from here
};

}  // namespace rwchaos::faults::engine
