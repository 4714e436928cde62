#pragma once
// `rwchaos run --client KIND[:NAME,...] --seed N`: overrides applied to every scenario of the run.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

struct ScenarioOverrides {
  std::string client;                  // KIND or reference:NAME[,NAME]; empty = keep the scenario's
  std::optional<std::uint64_t> seed;   // empty = keep the scenario's
};

// The kinds `--client` accepts: every adapter's but `command`, whose argv only a scenario file gives.
std::vector<std::string> override_client_kinds();

// The message for a bad `--client` value, naming the flag; empty when the value is fine.
std::optional<std::string> check_overrides(const ScenarioOverrides& overrides);

// Applies overrides that passed check_overrides. A new client kind drops binary and args, which belong
// to the old kind. Returns why the new client cannot run this scenario (what its adapter refuses of
// the scenario's client section, e.g. vmalert 1.79 and a send_timeout other than 30s); the scenario
// is then unchanged.
std::optional<std::string> apply_overrides(Scenario& scenario, const ScenarioOverrides& overrides);

}  // namespace rwchaos::harness
