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
#include "harness/checks/access_log_line.hpp"
#include "harness/clients/client_adapter.hpp"

namespace rwchaos::harness {

// A ground-truth series the generator stopped serving while the client still read it: a sender
// must mark it stale (remote-write 1.0, "Stale Markers").
struct StoppedSeries {
  std::string metric;
  std::string label;  // the label that tells it from the metric's other series, as the ledger writes
                      // it: name="value"
};

// Every value the generator produced, by metric name. Values are unique per metric (a counter that
// rises by one per scrape, or per rule evaluation), so a value identifies a sample.
struct GroundTruth {
  std::map<std::string, std::vector<double>> values;
  // command clients: the scenario states series and counts instead of values.
  std::map<std::string, std::uint64_t> counts;
  std::vector<StoppedSeries> stopped;
  double frozen_unix_ms = 0;  // when the generator stopped answering for the drain; 0: never
};

// One series as storage exports it (VictoriaMetrics /api/v1/export JSON lines).
struct StoredSeries {
  std::map<std::string, std::string> labels;  // includes __name__
  std::vector<std::int64_t> timestamps;
  std::vector<double> values;
};

struct ClientMetrics {
  std::map<std::string, double> raw;  // metric name{labels} -> value, from the client's /metrics
  double dropped = 0;                 // what the client says it dropped, in `dropped_unit`
  DropUnit dropped_unit = DropUnit::samples;
  bool read = false;                  // false when the client's metrics could not be read
};

// hop istio: both sidecars' access logs and how many attempts they re-sent (GET /stats).
struct MeshObservations {
  bool present = false;
  std::vector<AccessLogLine> outbound;
  std::vector<AccessLogLine> inbound;  // empty with server_sidecar: false
  std::uint64_t retries = 0;           // upstream_rq_retry, both sidecars
};

struct Observations {
  std::vector<faults::LedgerRecord> ledger;
  GroundTruth expected;
  std::vector<StoredSeries> stored;
  ClientMetrics client;
  MeshObservations mesh;
  // The upstream's GET /stats `faults_injected`: how often each action acted, connection faults
  // (refuse, idle_close) included, which the ledger cannot show.
  std::map<std::string, std::uint64_t> faults_by_action;
  // Faults that acted on connections (refuse, idle_close), with when: for the timeline.
  std::vector<faults::ConnectionFault> connection_faults;
};

// faults_injected of the upstream's GET /stats (docs/internals.md); empty when absent.
std::map<std::string, std::uint64_t> faults_by_action(const nlohmann::json& upstream_stats);
// One action's count in it, 0 when absent.
std::uint64_t acted(const Observations& observations, const std::string& action);
// What the observations take from GET /stats (counts the ledger cannot show). The environments'
// collect() and the runner's live progress both use it, so both count alike.
void add_upstream_stats(Observations& observations, const nlohmann::json& upstream_stats);

}  // namespace rwchaos::harness
