#pragma once
// `hop: {kind: istio}` to the two sidecar configs (docs/internals.md "The sidecar"): what Istio would
// generate from the user's DestinationRule and VirtualService for the client's outbound sidecar and
// the server's inbound one (docs/envoy-semantics.md §7 rows I1-I8, the selection rules of §5).
// The configs lack what only a running environment knows: listen, upstream, admin, seed, log path.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "faults/config/located_error.hpp"

namespace rwchaos::harness::istio {

// What the translation reads of `hop: {kind: istio}` (harness/scenario's HopSpec gives it): the
// Istio release whose generated config is modelled, whether the server is meshed, the Service the
// client writes to and the user's policies (paths already resolved).
struct IstioHopInputs {
  std::string istio;
  bool server_sidecar = true;
  std::string host;
  int port = 8480;
  std::string ns;
  std::vector<std::string> policies;
};

struct SidecarConfigs {
  nlohmann::json outbound;
  std::optional<nlohmann::json> inbound;  // none with `server_sidecar: false`
  // "file:line:col: warning: ..." for a policy that matches no host, or fields the model ignores.
  std::vector<std::string> warnings;
};

// `hop.policies` are paths as the loader resolved them. Throws faults::config::InvalidInput naming
// file:line:col and field for what the model does not follow (several DRs for one host, a VS match
// on headers, ...). The policies are expected to have passed the validator already.
SidecarConfigs translate_istio_hop(const IstioHopInputs& hop);

// `name` as Istio expands a short host name: "<name>.<ns>.svc.cluster.local" when it has no dot.
std::string istio_fqdn(const std::string& name, const std::string& ns);
// Whether a rule's host (FQDN or `*`/`*.suffix` wildcard) selects the FQDN `service`.
bool istio_host_matches(const std::string& rule_host, const std::string& service);

}  // namespace rwchaos::harness::istio
