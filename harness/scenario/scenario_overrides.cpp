#include "harness/scenario/scenario_overrides.hpp"

#include <algorithm>

#include "harness/clients/client_accepts.hpp"
#include "harness/clients/client_registry.hpp"
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
    // The generator's pace and the timeout are part of the scenario, not of one client.
    client.interval = scenario.client.interval;
    client.send_timeout = scenario.client.send_timeout;
    const ClientAdapter* adapter = find_client_adapter(client.kind);
    if (const auto refused = adapter ? refusals(*adapter, client) : std::vector<ClientRefusal>{}; !refused.empty())
      return "--client " + client.kind + ": " + scenario.file + ": client." + refused.front().field + ": " +
             refused.front().message;
    scenario.client = client;
  }
  if (overrides.seed) scenario.seed = *overrides.seed;
  return std::nullopt;
}

}  // namespace rwchaos::harness
