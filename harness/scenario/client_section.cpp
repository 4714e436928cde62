// `rule:`, `client:` and `hop:` of a scenario file.
#include <algorithm>
#include <regex>

#include "harness/clients/client_accepts.hpp"
#include "harness/clients/client_registry.hpp"
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

Rule read_rule(const YamlReader& reader, const Field& field) {
  const MapFields map = reader.map(field, {"text", "level", "source"});
  Rule rule;
  rule.text = reader.string(reader.require(map, "text"));
  if (rule.text.empty()) reader.fail(reader.require(map, "text"), "must not be empty");
  rule.level = reader.choice(reader.require(map, "level"), {"MUST", "SHOULD", "MAY"});
  if (const Field* source = map.find("source")) rule.source = reader.string(*source);
  return rule;
}

namespace {

const std::vector<std::string> command_only = {"argv", "expected_series", "expected_samples_per_series"};

void read_command_fields(const YamlReader& reader, const MapFields& map, ClientSpec& client) {
  const Field& argv = reader.require(map, "argv");
  client.argv = reader.strings(argv);
  if (client.argv.empty()) reader.fail(argv, "a command client needs at least the program to run");
  const Field* series = map.find("expected_series");
  const Field* per_series = map.find("expected_samples_per_series");
  if (!series != !per_series) {
    const Field& given = series ? *series : *per_series;
    reader.fail(given, "give expected_series and expected_samples_per_series together");
  }
  if (!series) return;
  static const std::regex metric_name("[a-zA-Z_:][a-zA-Z0-9_:]*");
  for (const auto& item : reader.sequence(*series)) {
    const std::string name = reader.string(item);
    if (!std::regex_match(name, metric_name)) reader.fail(item, "expected a metric name, got \"" + name + "\"");
    client.expected_series.push_back(name);
  }
  if (client.expected_series.empty()) reader.fail(*series, "must name at least one metric");
  client.expected_samples_per_series = reader.unsigned_integer(*per_series);
}

}  // namespace

ClientSpec read_client(const YamlReader& reader, const Field& field) {
  ClientSpec client;
  if (field.value.IsScalar()) {  // shorthand: `client: vmalert`
    client.kind = reader.choice(field, scenario_client_kinds());
    if (client.kind == "command") reader.fail(field, "a command client needs a map with argv");
    return client;
  }
  const MapFields map = reader.map(field, {"kind", "binary", "argv", "args", "interval", "send_timeout",
                                           "expected_series", "expected_samples_per_series"});
  client.kind = reader.choice(reader.require(map, "kind"), scenario_client_kinds());
  if (const Field* binary = map.find("binary")) client.binary = reader.string(*binary);
  if (const Field* args = map.find("args")) client.args = reader.strings(*args);
  if (const Field* interval = map.find("interval")) {
    client.interval = reader.duration(*interval);
    if (client.interval.count() <= 0) reader.fail(*interval, "must be longer than 0s");
  }
  if (const Field* timeout = map.find("send_timeout")) {
    client.send_timeout = reader.duration(*timeout);
    if (client.send_timeout.count() <= 0) reader.fail(*timeout, "must be longer than 0s (leave it out for the client's default)");
  }
  if (client.kind == "command") {
    read_command_fields(reader, map, client);
  } else {
    for (const auto& key : command_only)
      if (const Field* given = map.find(key)) reader.fail(*given, "only for kind command (this client is " + client.kind + ")");
  }
  // What this client accepts (an adapter fact), e.g. vmalert 1.79's one send_timeout.
  const ClientAdapter* adapter = find_client_adapter(client.kind);
  for (const auto& refusal : adapter ? refusals(*adapter, client) : std::vector<ClientRefusal>{}) {
    const Field* given = map.find(refusal.field);
    reader.fail(given ? *given : field, refusal.message);
  }
  return client;
}

HopSpec read_hop(const YamlReader& reader, const Field& field) {
  HopSpec hop;
  if (field.value.IsScalar()) {  // shorthand: `hop: haproxy`
    hop.kind = reader.choice(field, {"none", "haproxy"});
    return hop;
  }
  const MapFields map = reader.map(field, {"kind", "retries", "server_keepalive"});
  hop.kind = reader.choice(reader.require(map, "kind"), {"none", "haproxy"});
  const Field* retries = map.find("retries");
  const Field* keepalive = map.find("server_keepalive");
  if (hop.kind == "none" && (retries || keepalive))
    reader.fail(retries ? *retries : *keepalive, "only for a proxy hop (kind is none)");
  if (retries) {
    const auto value = reader.unsigned_integer(*retries);
    if (value > 100) reader.fail(*retries, "expected at most 100, got " + std::to_string(value));
    hop.retries = static_cast<int>(value);
  }
  if (keepalive) hop.server_keepalive = reader.duration(*keepalive);
  return hop;
}

}  // namespace rwchaos::harness
