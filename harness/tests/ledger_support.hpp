#pragma once
// Synthetic ledger records for the checks' tests: a request with the required headers and its
// samples listed by series, as an upstream with --ledger-samples writes them.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "faults/ledger/record.hpp"

namespace rwchaos::harness::testing {

// A series of a request: metric name, a label telling series apart ("" for none), timestamps, and
// which of them are stale markers. Its identity hash is made from name and label.
inline faults::SeriesSamples listed(const std::string& name, const std::string& label, std::vector<std::int64_t> timestamps,
                                    std::vector<std::int64_t> stale = {}) {
  faults::SeriesSamples series;
  series.name = name;
  series.labels = "__name__=\"" + name + "\"" + (label.empty() ? "" : "," + label);
  std::uint64_t hash = 1469598103934665603ull;  // FNV-1a of the labels: distinct series, distinct hashes
  for (unsigned char c : series.labels) hash = (hash ^ c) * 1099511628211ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  series.hash = hex;
  series.timestamps = std::move(timestamps);
  series.stale = std::move(stale);
  return series;
}

// Request `id` with payload hash `hash`, arriving at `at_ms`, answered `status` (committed when 2xx).
inline faults::LedgerRecord request(std::uint64_t id, const std::string& hash, double at_ms, int status = 204,
                                    faults::Outcome outcome = faults::Outcome::response,
                                    std::vector<faults::SeriesSamples> samples = {}) {
  faults::LedgerRecord r;
  r.id = id;
  r.conn = 1;
  r.conn_index = id;
  r.arrival_unix_ms = at_ms;
  r.hash = hash;
  r.samples = 10;
  r.series = 1;
  if (!samples.empty()) {
    r.samples = 0;
    for (const auto& series : samples) r.samples += series.timestamps.size();
    r.series = samples.size();
  }
  r.samples_by_series = std::move(samples);
  r.status = status;
  r.outcome = outcome;
  r.committed = status >= 200 && status < 300;
  r.headers = {{"content-encoding", "snappy"},
               {"content-type", "application/x-protobuf"},
               {"user-agent", "vmalert"},
               {"x-prometheus-remote-write-version", "0.1.0"}};
  return r;
}

// A request offering `samples`, with a payload hash of its own (each request's bytes differ).
inline faults::LedgerRecord offering(std::uint64_t id, double at_ms, int status, std::vector<faults::SeriesSamples> samples,
                                     faults::Outcome outcome = faults::Outcome::response) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(0xfeed0000ull + id));
  return request(id, hex, at_ms, status, outcome, std::move(samples));
}

}  // namespace rwchaos::harness::testing
