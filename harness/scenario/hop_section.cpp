// `hop:` of a scenario file: none, haproxy, vmauth, or istio (two sidecars driven by the user's
// policies, which are validated and translated here so that a bad policy is bad input, exit 2).
#include <algorithm>
#include <filesystem>
#include <map>

#include "harness/istio/istio_policy.hpp"
#include "harness/scenario/istio_hop_inputs.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace rwchaos::harness {
namespace {

const std::vector<std::string> hop_kinds = {"none", "haproxy", "vmauth", "istio"};

// The keys each hop kind takes beside `kind`.
const std::map<std::string, std::vector<std::string>>& hop_keys() {
  static const std::map<std::string, std::vector<std::string>> keys = {
      {"none", {}},
      {"haproxy", {"retries", "server_keepalive"}},
      {"vmauth", {"retry_status_codes", "backends", "max_request_body_size_to_retry", "server_keepalive"}},
      {"istio", {"istio", "server_sidecar", "host", "port", "namespace", "policies"}},
  };
  return keys;
}

bool takes_key(const std::string& kind, const std::string& key) {
  const auto& keys = hop_keys().at(kind);
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// Every kind's keys, each once, for the map reader.
std::vector<std::string> all_hop_keys() {
  std::vector<std::string> all = {"kind"};
  for (const auto& kind : hop_kinds)
    for (const auto& key : hop_keys().at(kind))
      if (std::find(all.begin(), all.end(), key) == all.end()) all.push_back(key);
  return all;
}

// "only for kind haproxy or vmauth": the kinds that take `key`.
std::string only_for(const std::string& key) {
  std::vector<std::string> kinds;
  for (const auto& kind : hop_kinds)
    if (takes_key(kind, key)) kinds.push_back(kind);
  std::string text = "only for kind ";
  for (std::size_t i = 0; i < kinds.size(); ++i) text += (i == 0 ? "" : " or ") + kinds[i];
  return text;
}

// The keys of haproxy and vmauth (istio's are read by read_istio_fields).
void read_proxy_value(YamlReader& reader, const std::string& key, const Field& value, HopSpec& hop) {
  if (key == "retries") {
    const auto count = reader.unsigned_integer(value);
    if (count > 100) reader.fail(value, "expected at most 100, got " + std::to_string(count));
    hop.retries = static_cast<int>(count);
  } else if (key == "server_keepalive") {
    hop.server_keepalive = reader.duration(value);
  } else if (key == "retry_status_codes") {
    for (const auto& item : reader.sequence(value))
      reader.attempt([&] { hop.retry_status_codes.push_back(static_cast<int>(reader.integer(item, 100, 599))); });
  } else if (key == "backends") {
    hop.backends = static_cast<int>(reader.integer(value, 1, 10));
  } else if (key == "max_request_body_size_to_retry") {
    hop.max_request_body_size_to_retry = reader.unsigned_integer(value);
  }
}

// Each policy file through the validator for the hop's release, then the translation (which
// refuses what the model does not follow and warns about hosts that match nothing).
void check_policies(YamlReader& reader, HopSpec& hop) {
  const std::size_t before = reader.errors().total();
  const auto release = istio::istio_release(hop.istio);
  for (const auto& file : hop.policies) {
    // read_istio_fields admitted only modelled releases.
    const IstioPolicy policy = load_istio_policy(file, std::chrono::minutes(1), *release);
    for (const auto& error : policy.errors) reader.report(error);
    hop.warnings.insert(hop.warnings.end(), policy.warnings.begin(), policy.warnings.end());
  }
  if (reader.errors().total() != before) return;
  try {
    const auto configs = istio::translate_istio_hop(istio_hop_inputs(hop));
    hop.warnings.insert(hop.warnings.end(), configs.warnings.begin(), configs.warnings.end());
  } catch (const faults::config::InvalidInput& error) {
    for (const auto& located : error.list().errors()) reader.report(located);
  }
}

void read_istio_fields(YamlReader& reader, const MapFields& map, HopSpec& hop) {
  reader.if_present(map, "istio", [&](const Field& value) { hop.istio = reader.choice(value, istio::modelled_istio_releases()); });
  reader.if_present(map, "server_sidecar", [&](const Field& value) { hop.server_sidecar = reader.boolean(value); });
  reader.attempt([&] {
    const Field& host = reader.require(map, "host");
    hop.host = reader.string(host);
    if (hop.host.empty() || hop.host.find_first_of(" /:") != std::string::npos)
      reader.fail(host, "expected a Service name such as vminsert or vminsert.monitoring.svc.cluster.local");
  });
  reader.if_present(map, "port", [&](const Field& value) { hop.port = static_cast<int>(reader.integer(value, 1, 65535)); });
  reader.if_present(map, "namespace", [&](const Field& value) { hop.ns = reader.string(value); });
  reader.if_present(map, "policies", [&](const Field& value) {
    const std::filesystem::path folder = std::filesystem::path(reader.file()).parent_path();
    for (const Field& item : reader.sequence(value)) {
      const std::string path = reader.string(item);
      const std::filesystem::path resolved = std::filesystem::path(path).is_absolute() ? std::filesystem::path(path) : folder / path;
      std::error_code error;
      if (!std::filesystem::is_regular_file(resolved, error)) {
        reader.report(item, "no such file: " + resolved.string() + " (paths are relative to the scenario file)");
        continue;
      }
      hop.policies.push_back(resolved.lexically_normal().string());
    }
  });
}

}  // namespace

HopSpec read_hop(YamlReader& reader, const Field& field) {
  HopSpec hop;
  if (field.value.IsScalar()) {  // shorthand: `hop: haproxy` (istio needs its host)
    hop.kind = reader.choice(field, {"none", "haproxy", "vmauth"});
    return hop;
  }
  const MapFields map = reader.map(field, all_hop_keys());
  const bool kind_known = reader.attempt([&] { hop.kind = reader.choice(reader.require(map, "kind"), hop_kinds); });
  if (!kind_known) return hop;
  // A key of another kind is a mistake: it would be silently ignored.
  for (const auto& [key, value] : map.entries())
    if (key != "kind" && !takes_key(hop.kind, key))
      reader.report(value, hop.kind == "none" ? "only for a proxy hop (kind is none)" : only_for(key));
  if (hop.kind == "istio") {
    const std::size_t before = reader.errors().total();
    read_istio_fields(reader, map, hop);
    if (reader.errors().total() == before) check_policies(reader, hop);
    return hop;
  }
  // Named captures: clang 14 (the fuzz build) cannot capture structured bindings.
  for (const auto& [key, value] : map.entries())
    if (takes_key(hop.kind, key))
      reader.attempt([&, &name = key, &node = value] { read_proxy_value(reader, name, node, hop); });
  return hop;
}

istio::IstioHopInputs istio_hop_inputs(const HopSpec& hop) {
  return {.istio = hop.istio, .server_sidecar = hop.server_sidecar, .host = hop.host, .port = hop.port, .ns = hop.ns,
          .policies = hop.policies};
}

}  // namespace rwchaos::harness
