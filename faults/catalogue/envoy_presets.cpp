#include "faults/catalogue/envoy_presets.hpp"

namespace rwchaos::faults::catalogue {

// Envoy's router builds these in Router::Filter::onUpstreamReset / onUpstreamTimeoutAbort
// (source/common/router/router.cc): "upstream connect error or disconnect/reset before headers. "
// + ("retried and the latest " if a retry happened) + "reset reason: " + the reset reason string
// from Http::Utility::resetReasonToString (source/common/http/utility.cc); a per-try or global
// timeout answers 504 "upstream request timeout". Content-type text/plain, server: envoy.
std::optional<EnvoyPreset> find_envoy_preset(std::string_view name) {
  if (name == "envoy-uc") {
    return EnvoyPreset{503, "upstream connect error or disconnect/reset before headers. reset reason: connection termination"};
  }
  if (name == "envoy-uf") {
    return EnvoyPreset{503, "upstream connect error or disconnect/reset before headers. reset reason: connection failure"};
  }
  if (name == "envoy-urx-uc") {
    return EnvoyPreset{503, "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: connection termination"};
  }
  if (name == "envoy-ut") return EnvoyPreset{504, "upstream request timeout"};
  return std::nullopt;
}

}  // namespace rwchaos::faults::catalogue
