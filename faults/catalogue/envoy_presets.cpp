#include "faults/catalogue/envoy_presets.hpp"

namespace rwchaos::faults::catalogue {

// Envoy's router builds these in Router::Filter::onUpstreamReset / onUpstreamTimeoutAbort
// (source/common/router/router.cc): "upstream connect error or disconnect/reset before headers. "
// + ("retried and the latest " if a retry happened) + "reset reason: " + the reset reason string
// from Http::Utility::resetReasonToString (source/common/http/utility.cc) + (", transport failure
// reason: " + reason, when there is one); a per-try or global
// timeout answers 504 "upstream request timeout". Content-type text/plain, server: envoy.
std::optional<EnvoyPreset> find_envoy_preset(std::string_view name) {
  if (name == "envoy-uc") {
    return EnvoyPreset{503, "upstream connect error or disconnect/reset before headers. reset reason: connection termination"};
  }
  if (name == "envoy-uf") {
    // Connect refused: reset reason RemoteConnectionFailure plus the transport failure reason, as
    // current Envoy prints it (docs/envoy-semantics.md); Envoy of the Istio 1.1x era printed "111".
    return EnvoyPreset{503, "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused"};
  }
  if (name == "envoy-urx-uc") {
    return EnvoyPreset{503, "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: connection termination"};
  }
  if (name == "envoy-ut") return EnvoyPreset{504, "upstream request timeout"};
  return std::nullopt;
}

}  // namespace rwchaos::faults::catalogue
