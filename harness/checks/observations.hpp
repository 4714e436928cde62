#pragma once
// What a run observed, as the checks see it: the upstream's ledger, the generator's ground truth,
// the storage's final contents and the client's own metrics.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "faults/ledger/connection_fault.hpp"
#include "faults/ledger/record.hpp"

namespace rwchaos::harness {

// Every value the generator produced, by metric name. Values are unique per metric (a counter that
// rises by one per scrape, or per rule evaluation), so a value identifies a sample.
struct GroundTruth {
  std::map<std::string, std::vector<double>> values;
  // command clients: the scenario states series and counts instead of values.
  std::map<std::string, std::uint64_t> counts;
};

// One series as storage exports it (VictoriaMetrics /api/v1/export JSON lines).
struct StoredSeries {
  std::map<std::string, std::string> labels;  // includes __name__
  std::vector<std::int64_t> timestamps;
  std::vector<double> values;
};

struct ClientMetrics {
  std::map<std::string, double> raw;  // metric name{labels} -> value, from the client's /metrics
  double dropped_samples = 0;         // what the client says it dropped
  bool read = false;                  // false when the client's metrics could not be read
};

struct Observations {
  std::vector<faults::LedgerRecord> ledger;
  GroundTruth expected;
  std::vector<StoredSeries> stored;
  ClientMetrics client;
  // Connections the upstream's `refuse` reset before any request: the ledger cannot show them.
  std::uint64_t refused_connections = 0;
  // Faults that acted on connections (refuse, idle_close), with when: for the timeline.
  std::vector<faults::ConnectionFault> connection_faults;
};

// faults_injected.refuse of the upstream's GET /stats (docs/internals.md), 0 when absent.
std::uint64_t refused_connections(const nlohmann::json& upstream_stats);
// What the observations take from GET /stats (counts the ledger cannot show). The environments'
// collect() and the runner's live progress both use it, so both count alike.
void add_upstream_stats(Observations& observations, const nlohmann::json& upstream_stats);

}  // namespace rwchaos::harness
