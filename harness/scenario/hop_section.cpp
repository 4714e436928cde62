// `hop:` of a scenario file: none, haproxy, or istio (two sidecars driven by the user's policies,
// which are validated and translated here so that a bad policy is bad input, exit 2).
#include <algorithm>
#include <filesystem>

#include "harness/istio/istio_policy.hpp"
#include "harness/scenario/istio_hop_inputs.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace rwchaos::harness {
namespace {

const std::vector<std::string> hop_kinds = {"none", "haproxy", "istio"};
const std::vector<std::string> haproxy_keys = {"retries", "server_keepalive"};
const std::vector<std::string> istio_keys = {"istio", "server_sidecar", "host", "port", "namespace", "policies"};

// Each policy file through the validator for the hop's release, then the translation (which
// refuses what the model does not follow and warns about hosts that match nothing).
void check_policies(YamlReader& reader, HopSpec& hop) {
  const std::size_t before = reader.errors().total();
  const auto release = istio::istio_release(hop.istio);
  for (const auto& file : hop.policies) {
    const IstioPolicy policy = load_istio_policy(file, std::chrono::minutes(1), release.value_or(istio::IstioRelease{}));
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
  reader.if_present(map, "istio", [&](const Field& value) { hop.istio = reader.choice(value, {"1.22", "1.23", "1.24"}); });
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
  if (field.value.IsScalar()) {  // shorthand: `hop: haproxy`
    hop.kind = reader.choice(field, {"none", "haproxy"});
    return hop;
  }
  std::vector<std::string> allowed = {"kind"};
  allowed.insert(allowed.end(), haproxy_keys.begin(), haproxy_keys.end());
  allowed.insert(allowed.end(), istio_keys.begin(), istio_keys.end());
  const MapFields map = reader.map(field, allowed);
  const bool kind_known = reader.attempt([&] { hop.kind = reader.choice(reader.require(map, "kind"), hop_kinds); });
  if (!kind_known) return hop;
  // A key of another kind is a mistake: it would be silently ignored.
  for (const auto& [key, value] : map.entries()) {
    const bool haproxy_key = std::find(haproxy_keys.begin(), haproxy_keys.end(), key) != haproxy_keys.end();
    const bool istio_key = std::find(istio_keys.begin(), istio_keys.end(), key) != istio_keys.end();
    if (haproxy_key && hop.kind != "haproxy")
      reader.report(value, hop.kind == "none" ? "only for a proxy hop (kind is none)" : "only for kind haproxy");
    if (istio_key && hop.kind != "istio") reader.report(value, "only for kind istio");
  }
  if (hop.kind == "istio") {
    const std::size_t before = reader.errors().total();
    read_istio_fields(reader, map, hop);
    if (reader.errors().total() == before) check_policies(reader, hop);
    return hop;
  }
  reader.if_present(map, "retries", [&](const Field& value) {
    const auto count = reader.unsigned_integer(value);
    if (count > 100) reader.fail(value, "expected at most 100, got " + std::to_string(count));
    hop.retries = static_cast<int>(count);
  });
  reader.if_present(map, "server_keepalive", [&](const Field& value) { hop.server_keepalive = reader.duration(value); });
  return hop;
}

istio::IstioHopInputs istio_hop_inputs(const HopSpec& hop) {
  return {.istio = hop.istio, .server_sidecar = hop.server_sidecar, .host = hop.host, .port = hop.port, .ns = hop.ns,
          .policies = hop.policies};
}

}  // namespace rwchaos::harness
