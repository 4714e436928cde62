// `rule:` and `client:` of a scenario file.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "harness/clients/client_accepts.hpp"
#include "harness/clients/client_flags_file.hpp"
#include "harness/clients/client_registry.hpp"
#include "harness/clients/prometheus_remote_write.hpp"
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

// A file the scenario names, relative to the scenario file's folder: its path as shown in errors,
// and its text. Fails at `field` when it cannot be read.
std::pair<std::string, std::string> read_named_file(YamlReader& reader, const Field& field) {
  namespace fs = std::filesystem;
  const std::string written = reader.string(field);
  if (written.empty()) reader.fail(field, "must name a file");
  const fs::path path = fs::path(written).is_absolute() ? fs::path(written) : fs::path(reader.file()).parent_path() / written;
  const std::string shown = path.lexically_normal().string();
  std::error_code error;
  if (fs::is_directory(path, error)) reader.fail(field, "cannot read " + shown + ": it is a folder");
  std::ifstream in(path, std::ios::binary);
  if (!in) reader.fail(field, "cannot read " + shown + ": " + std::strerror(errno) + " (paths are relative to the scenario file)");
  std::stringstream text;
  text << in.rdbuf();
  return {shown, text.str()};
}

// `flags_file`: the user's own flags (vmalert, vmagent), each bad line an error located in the file.
void read_flags_file(YamlReader& reader, const Field& field, const ClientAdapter& adapter, ClientSpec& client) {
  const auto [shown, text] = read_named_file(reader, field);
  client.flags_file = shown;
  FlagsFileRead read = parse_flags_file(text, shown, adapter);
  for (auto& error : read.errors) reader.report(std::move(error));
  client.file_flags = std::move(read.flags);
}

// `remote_write` and `remote_write_name`: one remote_write entry of the user's prometheus.yml.
void read_remote_write(YamlReader& reader, const MapFields& map, ClientSpec& client) {
  const Field* file = map.find("remote_write");
  const Field* name = map.find("remote_write_name");
  if (name) reader.attempt([&] { client.remote_write_name = reader.string(*name); });
  if (!file) {
    if (name) reader.report(*name, "only with remote_write (the file to take the entry from)");
    return;
  }
  reader.attempt([&] {
    const auto [shown, text] = read_named_file(reader, *file);
    client.remote_write = shown;
    RemoteWriteEntry entry = read_remote_write_entry(text, shown, client.remote_write_name);
    for (auto& error : entry.errors) reader.report(std::move(error));
    client.remote_write_entry = entry.yaml;
    if (entry.sets_remote_timeout && client.send_timeout.count() > 0)
      if (const Field* timeout = map.find("send_timeout"))
        reader.report(*timeout, shown + ": its remote_write entry sets remote_timeout too; keep one of them");
  });
}

// `kind` or `kind@version` (shorthand and `kind:`): the kind must be known.
void read_kind(YamlReader& reader, const Field& field, ClientSpec& client) {
  const ClientChoice choice = parse_client_choice(reader.string(field));
  client.kind = reader.choice(Field{field.path, YAML::Node(choice.kind), faults::config::mark_of(field.value, field.fallback)},
                              scenario_client_kinds());
  client.version = choice.version;
}

// `misbehave: [NAME...]`: each name checked where it is written (the table in reference_misbehaviours).
void read_misbehave(YamlReader& reader, const Field& field, ClientSpec& client) {
  for (const auto& item : reader.sequence(field)) {
    reader.attempt([&] {
      const std::string name = reader.string(item);
      if (!find_misbehaviour(name))
        reader.fail(item, unknown_misbehaviour_message(name));
      client.misbehave.push_back(name);
    });
  }
}

}  // namespace

ClientSpec read_client(YamlReader& reader, const Field& field) {
  ClientSpec client;
  if (field.value.IsScalar()) {  // shorthand: `client: vmalert` or `client: vmalert@1.112.0`
    read_kind(reader, field, client);
    if (client.kind == "command") reader.fail(field, "a command client needs a map with argv");
    const ClientAdapter* adapter = find_client_adapter(client.kind);
    for (const auto& refusal : adapter ? refusals(*adapter, client) : std::vector<ClientRefusal>{})
      reader.report(field, refusal.message);
    return client;
  }
  const MapFields map = reader.map(field, {"kind", "version", "binary", "argv", "args", "interval", "send_timeout",
                                           "flags_file", "remote_write", "remote_write_name", "misbehave",
                                           "expected_series", "expected_samples_per_series"});
  const bool kind_known = reader.attempt([&] { read_kind(reader, reader.require(map, "kind"), client); });
  reader.if_present(map, "version", [&](const Field& version) {
    if (!client.version.empty()) reader.fail(version, "kind already names version " + client.version);
    client.version = reader.string(version);
  });
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
  const ClientAdapter* adapter = find_client_adapter(client.kind);
  if (adapter && !adapter->owned_flags.empty())
    reader.if_present(map, "flags_file", [&](const Field& file) { read_flags_file(reader, file, *adapter, client); });
  else if (const Field* file = map.find("flags_file"))
    reader.report(*file, "only for vmalert and vmagent (this client is " + client.kind + ")");
  if (adapter && adapter->takes_remote_write_file)
    read_remote_write(reader, map, client);
  else
    for (const char* key : {"remote_write", "remote_write_name"})
      if (const Field* given = map.find(key)) reader.report(*given, "only for prometheus (this client is " + client.kind + ")");
  // What this client at this version accepts (adapter facts): vmalert 1.79's one send_timeout, the
  // flags of a flags file, a known version.
  for (const auto& refusal : adapter ? refusals(*adapter, client) : std::vector<ClientRefusal>{}) {
    const Field* given = map.find(refusal.field);
    if (!given && refusal.field == "version") given = map.find("kind");
    reader.report(given ? *given : field, refusal.message);
  }
  return client;
}

}  // namespace rwchaos::harness
