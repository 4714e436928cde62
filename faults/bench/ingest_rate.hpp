#pragma once
// The ingest-rate ratio: the upstream's decode-and-ledger rate against a real victoria-metrics'
// ingest rate for the same payloads sent by the same client (docs/performance.md).
#include <string>

namespace rwchaos::faults::bench {

// Prints the two rates and their ratio. False (after saying why) when victoria-metrics could not
// be run or either side did not accept every request.
bool ingest_rate_ratio(const std::string& victoria_metrics_binary);

}  // namespace rwchaos::faults::bench
