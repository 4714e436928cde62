#include "harness/scenario/scenario_overrides.hpp"

#include <algorithm>

#include "harness/clients/client_accepts.hpp"
#include "harness/clients/client_registry.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace rwchaos::harness {

std::vector<std::string> override_client_kinds() {
  std::vector<std::string> kinds = scenario_client_kinds();
  std::erase(kinds, "command");
  return kinds;
}

std::optional<std::string> check_overrides(const ScenarioOverrides& overrides) {
  if (overrides.client.empty()) return std::nullopt;
  const auto kinds = override_client_kinds();
  if (std::find(kinds.begin(), kinds.end(), overrides.client) != kinds.end()) return std::nullopt;
  const std::string accepts = " (accepts: " + faults::config::join(kinds, ", ") + ")";
  if (overrides.client == "command")
    return "--client: 'command' needs an argv, which only a scenario file can give" + accepts;
  return "--client: unknown client '" + overrides.client + "'" + accepts;
}

std::optional<std::string> apply_overrides(Scenario& scenario, const ScenarioOverrides& overrides) {
  if (!overrides.client.empty() && overrides.client != scenario.client.kind) {
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
