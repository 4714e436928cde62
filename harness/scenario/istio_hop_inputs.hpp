#pragma once
// The translation's view of a scenario's `hop: {kind: istio}`, so harness/istio/ need not know the
// scenario model that sits above it.
#include "harness/istio/sidecar_translation.hpp"
#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

istio::IstioHopInputs istio_hop_inputs(const HopSpec& hop);

}  // namespace rwchaos::harness
