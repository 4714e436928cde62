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
  const ClientChoice choice = parse_client_choice(overrides.client);
  const auto kinds = override_client_kinds();
  const std::string accepts = " (accepts: " + faults::config::join(kinds, ", ") + ")";
  if (choice.kind == "command")
    return "--client: 'command' needs an argv, which only a scenario file can give" + accepts;
  if (std::find(kinds.begin(), kinds.end(), choice.kind) == kinds.end())
    return "--client: unknown client '" + choice.kind + "'" + accepts;
  const ClientAdapter& adapter = *find_client_adapter(choice.kind);
  if (overrides.client.find('@') != std::string::npos && !find_client_version(adapter, {.kind = choice.kind, .version = choice.version}))
    return "--client " + overrides.client + ": " + choice.kind + " has no version '" + choice.version +
           "' (known: " + known_versions_text(adapter) + ")";
  return std::nullopt;
}

namespace {

// The client `--client` makes of the scenario's: another kind starts afresh (binary, args and the
// user's files belong to the old kind); the same kind at a new version keeps them but the binary.
ClientSpec overridden(const ClientSpec& old, const ClientChoice& choice) {
  if (choice.kind == old.kind) {
    ClientSpec client = old;
    if (!choice.version.empty() && choice.version != old.version) {
      client.version = choice.version;
      client.binary.clear();
    }
    return client;
  }
  ClientSpec client;
  client.kind = choice.kind;
  client.version = choice.version;
  // The generator's pace and the timeout are part of the scenario, not of one client.
  client.interval = old.interval;
  client.send_timeout = old.send_timeout;
  return client;
}

}  // namespace

std::optional<std::string> apply_overrides(Scenario& scenario, const ScenarioOverrides& overrides) {
  if (!overrides.client.empty()) {
    const ClientSpec client = overridden(scenario.client, parse_client_choice(overrides.client));
    const ClientAdapter* adapter = find_client_adapter(client.kind);
    if (const auto refused = adapter ? refusals(*adapter, client) : std::vector<ClientRefusal>{}; !refused.empty())
      return "--client " + overrides.client + ": " + scenario.file + ": client." + refused.front().field + ": " +
             refused.front().message;
    scenario.client = client;
  }
  if (overrides.seed) scenario.seed = *overrides.seed;
  return std::nullopt;
}

}  // namespace rwchaos::harness
