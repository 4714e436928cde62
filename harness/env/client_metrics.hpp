#pragma once
// A client's own metrics as the checks see them, from its /metrics text and its adapter's facts
// (which series to keep, which counters say it dropped data).
#include <string>

#include "harness/checks/observations.hpp"
#include "harness/clients/client_adapter.hpp"

namespace rwchaos::harness {

ClientMetrics client_metrics_from_text(const ClientAdapter& adapter, const std::string& text);

}  // namespace rwchaos::harness
