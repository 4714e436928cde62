#pragma once
// Envoy's local-reply answers for upstream failures, byte for byte (sources in docs/faults.md).
#include <optional>
#include <string>
#include <string_view>

namespace rwchaos::faults::catalogue {

struct EnvoyPreset {
  int status;
  std::string_view body;
};

std::optional<EnvoyPreset> find_envoy_preset(std::string_view name);

}  // namespace rwchaos::faults::catalogue
