#pragma once
// `rwchaos run --client NAME --seed N`: overrides applied to every scenario of the run.
#include <cstdint>
#include <optional>
#include <string>

#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

struct ScenarioOverrides {
  std::string client;                  // a client kind; empty = keep the scenario's
  std::optional<std::uint64_t> seed;   // empty = keep the scenario's
};

// Returns an error message when the override cannot apply (unknown kind; `command` needs argv the
// scenario lacks). A new client kind drops binary and args, which belong to the old kind.
std::optional<std::string> apply_overrides(Scenario& scenario, const ScenarioOverrides& overrides);

}  // namespace rwchaos::harness
