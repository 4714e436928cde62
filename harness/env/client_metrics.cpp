#include "harness/env/client_metrics.hpp"

#include "harness/clients/metrics_text.hpp"

namespace rwchaos::harness {

ClientMetrics client_metrics_from_text(const ClientAdapter& adapter, const std::string& text) {
  ClientMetrics metrics;
  metrics.raw = remote_write_metrics(adapter, parse_metrics_text(text));
  metrics.dropped = dropped_total(adapter, metrics.raw);
  metrics.dropped_unit = adapter.dropped.unit;
  metrics.read = true;
  return metrics;
}

}  // namespace rwchaos::harness
