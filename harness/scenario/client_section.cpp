// `rule:` and `client:` of a scenario file.
#include <algorithm>
#include <regex>

#include "harness/clients/client_accepts.hpp"
#include "harness/clients/client_registry.hpp"
#include "harness/clients/reference_misbehaviours.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace rwchaos::harness {

// One list of kinds: the client adapters (harness/clients/client_registry.hpp).
const std::vector<std::string>& scenario_client_kinds() {
  static const std::vector<std::string> kinds = [] {
    std::vector<std::string> names;
    for (const auto& adapter : client_adapters()) names.push_back(adapter.kind);
    return names;
  }();
  return kinds;
}

Rule read_rule(YamlReader& reader, const Field& field) {
  const MapFields map = reader.map(field, {"text", "level", "source"});
  Rule rule;
  reader.attempt([&] {
    const Field& text = reader.require(map, "text");
    rule.text = reader.string(text);
    if (rule.text.empty()) reader.fail(text, "must not be empty");
  });
  reader.attempt([&] { rule.level = reader.choice(reader.require(map, "level"), {"MUST", "SHOULD", "MAY"}); });
  reader.if_present(map, "source", [&](const Field& source) { rule.source = reader.string(source); });
  return rule;
}

namespace {

const std::vector<std::string> command_only = {"argv", "expected_series", "expected_samples_per_series"};

// `expected_series` and `expected_samples_per_series`: the ground truth of a command client.
void read_expected_samples(YamlReader& reader, const MapFields& map, ClientSpec& client) {
  const Field* series = map.find("expected_series");
  const Field* per_series = map.find("expected_samples_per_series");
  if (!series != !per_series) {
    const Field& given = series ? *series : *per_series;
    reader.fail(given, "give expected_series and expected_samples_per_series together");
  }
  if (!series) return;
  static const std::regex metric_name("[a-zA-Z_:][a-zA-Z0-9_:]*");
  for (const auto& item : reader.sequence(*series)) {
    reader.attempt([&] {
      const std::string name = reader.string(item);
      if (!std::regex_match(name, metric_name)) reader.fail(item, "expected a metric name, got \"" + name + "\"");
      client.expected_series.push_back(name);
    });
  }
  if (series->value.size() == 0) reader.report(*series, "must name at least one metric");
  client.expected_samples_per_series = reader.unsigned_integer(*per_series);
}

void read_command_fields(YamlReader& reader, const MapFields& map, ClientSpec& client) {
  reader.attempt([&] {
    const Field& argv = reader.require(map, "argv");
    client.argv = reader.strings(argv);
    if (client.argv.empty()) reader.fail(argv, "a command client needs at least the program to run");
  });
  reader.attempt([&] { read_expected_samples(reader, map, client); });
}

// `misbehave: [NAME...]`: each name checked where it is written (the table in reference_misbehaviours).
void read_misbehave(YamlReader& reader, const Field& field, ClientSpec& client) {
  for (const auto& item : reader.sequence(field)) {
    reader.attempt([&] {
      const std::string name = reader.string(item);
      if (!find_misbehaviour(name))
        reader.fail(item, "unknown misbehaviour \"" + name + "\" (known: " + known_misbehaviours() + ")");
      client.misbehave.push_back(name);
    });
  }
}

}  // namespace

ClientSpec read_client(YamlReader& reader, const Field& field) {
  ClientSpec client;
  if (field.value.IsScalar()) {  // shorthand: `client: vmalert`
    client.kind = reader.choice(field, scenario_client_kinds());
    if (client.kind == "command") reader.fail(field, "a command client needs a map with argv");
    return client;
  }
  const MapFields map = reader.map(field, {"kind", "binary", "argv", "args", "interval", "send_timeout",
                                           "misbehave", "expected_series", "expected_samples_per_series"});
  const bool kind_known =
      reader.attempt([&] { client.kind = reader.choice(reader.require(map, "kind"), scenario_client_kinds()); });
  reader.if_present(map, "binary", [&](const Field& binary) { client.binary = reader.string(binary); });
  reader.if_present(map, "args", [&](const Field& args) { client.args = reader.strings(args); });
  reader.if_present(map, "interval", [&](const Field& interval) {
    client.interval = reader.duration(interval);
    if (client.interval.count() <= 0) reader.fail(interval, "must be longer than 0s");
  });
  reader.if_present(map, "send_timeout", [&](const Field& timeout) {
    client.send_timeout = reader.duration(timeout);
    if (client.send_timeout.count() <= 0) reader.fail(timeout, "must be longer than 0s (leave it out for the client's default)");
  });
  const Field* misbehave = map.find("misbehave");
  if (misbehave) reader.attempt([&] { read_misbehave(reader, *misbehave, client); });
  if (!kind_known) return client;  // which keys belong depends on the kind
  if (client.kind == "command") {
    read_command_fields(reader, map, client);
  } else {
    for (const auto& key : command_only)
      if (const Field* given = map.find(key)) reader.report(*given, "only for kind command (this client is " + client.kind + ")");
  }
  // What this client accepts (an adapter fact), e.g. vmalert 1.79's one send_timeout.
  const ClientAdapter* adapter = find_client_adapter(client.kind);
  for (const auto& refusal : adapter ? refusals(*adapter, client) : std::vector<ClientRefusal>{}) {
    const Field* given = map.find(refusal.field);
    reader.report(given ? *given : field, refusal.message);
  }
  return client;
}

}  // namespace rwchaos::harness
