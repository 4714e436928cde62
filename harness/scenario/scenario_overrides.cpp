#include "harness/scenario/scenario_overrides.hpp"

#include <algorithm>

#include "harness/scenario/scenario_sections.hpp"
#include "harness/scenario/yaml_reader.hpp"

namespace rwchaos::harness {

std::optional<std::string> apply_overrides(Scenario& scenario, const ScenarioOverrides& overrides) {
  if (!overrides.client.empty() && overrides.client != scenario.client.kind) {
    const auto& kinds = scenario_client_kinds();
    if (std::find(kinds.begin(), kinds.end(), overrides.client) == kinds.end())
      return "--client: unknown client kind \"" + overrides.client + "\" (known: " + join(kinds, ", ") + ")";
    if (overrides.client == "command")
      return "--client command: scenario " + scenario.name + " has no argv; write a command client in the file instead";
    ClientSpec client;
    client.kind = overrides.client;
    client.interval = scenario.client.interval;  // the generator's pace is part of the scenario, not the client
    scenario.client = client;
  }
  if (overrides.seed) scenario.seed = *overrides.seed;
  return std::nullopt;
}

}  // namespace rwchaos::harness
