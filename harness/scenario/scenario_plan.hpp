#pragma once
// The plan text the runner PUTs to the upstream's /plan for each part of the run
// (docs/internals.md "Plan YAML"): `seed:` plus the phase's faults.
#include <string>

#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

// "seed: 42\nfaults: [...]\n" for one phase of the scenario.
std::string phase_plan_yaml(const Scenario& scenario, const Phase& phase);
// After the last phase: only the `upstream:` settings hold while the client drains its retries.
std::string settle_plan_yaml(const Scenario& scenario);

}  // namespace rwchaos::harness
