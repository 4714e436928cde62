#include "harness/scenario/scenario_overrides.hpp"

#include <algorithm>

#include "harness/clients/client_accepts.hpp"
#include "harness/clients/client_registry.hpp"
#include "harness/clients/reference_misbehaviours.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace rwchaos::harness {

namespace {

// "KIND" or "KIND:NAME[,NAME]" (the reference sender's misbehaviours).
struct ClientOverride {
  std::string kind;
  std::optional<std::string> misbehave;  // the text after ':', when there is one
};

ClientOverride split_client(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos) return {text, std::nullopt};
  return {text.substr(0, colon), text.substr(colon + 1)};
}

}  // namespace

std::vector<std::string> override_client_kinds() {
  std::vector<std::string> kinds = scenario_client_kinds();
  std::erase(kinds, "command");
  return kinds;
}

std::optional<std::string> check_overrides(const ScenarioOverrides& overrides) {
  if (overrides.client.empty()) return std::nullopt;
  const ClientOverride given = split_client(overrides.client);
  const auto kinds = override_client_kinds();
  const std::string accepts = " (accepts: " + faults::config::join(kinds, ", ") + ")";
  if (given.kind == "command")
    return "--client: 'command' needs an argv, which only a scenario file can give" + accepts;
  if (std::find(kinds.begin(), kinds.end(), given.kind) == kinds.end())
    return "--client: unknown client '" + given.kind + "'" + accepts;
  if (!given.misbehave) return std::nullopt;
  const ClientAdapter* adapter = find_client_adapter(given.kind);
  if (!adapter || !adapter->accepts.misbehave)
    return "--client " + overrides.client + ": only the reference sender misbehaves on request (reference:NAME[,NAME])";
  if (const ParsedMisbehaviours parsed = parse_misbehaviour_list(*given.misbehave); !parsed.error.empty())
    return "--client " + overrides.client + ": " + parsed.error;
  return std::nullopt;
}

std::optional<std::string> apply_overrides(Scenario& scenario, const ScenarioOverrides& overrides) {
  const ClientOverride given = split_client(overrides.client);
  const bool same = given.kind == scenario.client.kind && !given.misbehave;
  if (!overrides.client.empty() && !same) {
    ClientSpec client;
    client.kind = given.kind;
    if (given.misbehave)  // names checked by check_overrides; in the table's order
      for (const auto& info : parse_misbehaviour_list(*given.misbehave).set)
        client.misbehave.emplace_back(misbehaviour_name(info));
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
