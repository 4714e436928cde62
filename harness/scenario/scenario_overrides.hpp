#pragma once
// `rwchaos run --client KIND[@VERSION][:NAME,...] --seed N`: overrides applied to every scenario of the run.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

struct ScenarioOverrides {
  std::string client;                  // KIND, KIND@VERSION or reference:NAME[,NAME]; empty = keep the scenario's
  std::optional<std::uint64_t> seed;   // empty = keep the scenario's
};

// The kinds `--client` accepts: every adapter's but `command`, whose argv only a scenario file gives.
std::vector<std::string> override_client_kinds();

// The message for a bad `--client` value, naming the flag; empty when the value is fine.
std::optional<std::string> check_overrides(const ScenarioOverrides& overrides);

// Applies overrides that passed check_overrides. A new client kind drops binary, args and the user's
// files, which belong to the old kind; the same kind at a new version (`--client vmalert@1.112.0` on
// a vmalert scenario) keeps args and files and drops only the binary; the same kind without a version
// keeps the scenario's client as it is. Returns why the new client cannot run this scenario (what its
// version refuses of the scenario's client section, e.g. vmalert 1.79 and a send_timeout other than
// 30s, or a flag of the flags file it lacks); the scenario is then unchanged.
std::optional<std::string> apply_overrides(Scenario& scenario, const ScenarioOverrides& overrides);

}  // namespace rwchaos::harness
