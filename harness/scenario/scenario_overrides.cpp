#include "harness/scenario/scenario_overrides.hpp"

#include <algorithm>

#include "harness/clients/client_accepts.hpp"
#include "harness/clients/client_registry.hpp"
#include "harness/clients/reference_misbehaviours.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace rwchaos::harness {

namespace {

// "KIND", "KIND@VERSION" or "KIND:NAME[,NAME]" (the reference sender's misbehaviours).
struct ClientOverride {
  ClientChoice choice;
  std::optional<std::string> misbehave;  // the text after ':', when there is one
};

ClientOverride split_client(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos) return {parse_client_choice(text), std::nullopt};
  return {parse_client_choice(text.substr(0, colon)), text.substr(colon + 1)};
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
  const ClientChoice& choice = given.choice;
  const auto kinds = override_client_kinds();
  const std::string accepts = " (accepts: " + faults::config::join(kinds, ", ") + ")";
  if (choice.kind == "command")
    return "--client: 'command' needs an argv, which only a scenario file can give" + accepts;
  if (std::find(kinds.begin(), kinds.end(), choice.kind) == kinds.end())
    return "--client: unknown client '" + choice.kind + "'" + accepts;
  const ClientAdapter& adapter = *find_client_adapter(choice.kind);
  const bool versioned = overrides.client.substr(0, overrides.client.find(':')).find('@') != std::string::npos;
  if (versioned && adapter.versions.empty())
    return "--client " + overrides.client + ": " + choice.kind + " has no versions";
  if (versioned && !find_client_version(adapter, {.kind = choice.kind, .version = choice.version}))
    return "--client " + overrides.client + ": " + choice.kind + " has no version '" + choice.version +
           "' (known: " + known_versions_text(adapter) + ")";
  if (!given.misbehave) return std::nullopt;
  if (!adapter.takes_misbehave)
    return "--client " + overrides.client + ": only the reference sender misbehaves on request (reference:NAME[,NAME])";
  if (const ParsedMisbehaviours parsed = parse_misbehaviour_list(*given.misbehave); !parsed.error.empty())
    return "--client " + overrides.client + ": " + parsed.error;
  return std::nullopt;
}

namespace {

// The client `--client` makes of the scenario's: another kind, or misbehaviours named, start afresh
// (binary, args and the user's files belong to the old client); the same kind at a new version keeps
// them but the binary.
ClientSpec overridden(const ClientSpec& old, const ClientOverride& given) {
  const ClientChoice& choice = given.choice;
  if (choice.kind == old.kind && !given.misbehave) {
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
  if (given.misbehave)  // names checked by check_overrides; in the table's order
    for (const auto& info : parse_misbehaviour_list(*given.misbehave).set)
      client.misbehave.emplace_back(misbehaviour_name(info));
  // The generator's pace and the timeout are part of the scenario, not of one client.
  client.interval = old.interval;
  client.send_timeout = old.send_timeout;
  return client;
}

}  // namespace

std::optional<std::string> apply_overrides(Scenario& scenario, const ScenarioOverrides& overrides) {
  if (!overrides.client.empty()) {
    const ClientSpec client = overridden(scenario.client, split_client(overrides.client));
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
