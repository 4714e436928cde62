#pragma once
// The counts of one run (DESIGN.md "Ledger and checks"; every key is documented in
// docs/scenario.md "Counts"). Field name = report.json key = `expect:` key.
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/checks/observations.hpp"

namespace rwchaos::harness {

struct Counts {
  // Samples: ground truth against storage.
  std::uint64_t expected_samples = 0;
  std::uint64_t stored_samples = 0;     // stored samples of ground-truth metrics (NaN/stale ignored)
  std::uint64_t lost = 0;               // expected, not in storage
  std::uint64_t duplicated = 0;         // ledger: samples committed more than once
  std::uint64_t stored_duplicates = 0;  // storage: extra copies of one (series, timestamp)
  std::uint64_t unexpected = 0;         // stored, never expected
  std::uint64_t recovered = 0;          // committed, yet answered with a fault
  std::uint64_t client_dropped = 0;     // what the client says it dropped
  std::uint64_t silent_loss = 0;        // max(0, lost - client_dropped)
  // Requests: the ledger.
  std::uint64_t requests = 0;
  std::uint64_t connections = 0;
  std::uint64_t retries = 0;                // payload hash seen before
  std::vector<double> retry_intervals_ms;   // arrival delta to the previous attempt of the payload
  std::uint64_t retried_4xx = 0;            // previous attempt got a 4xx other than 429
  std::uint64_t retried_429 = 0;
  std::uint64_t retried_5xx = 0;
  std::uint64_t retried_no_response = 0;    // previous attempt got no complete response
  std::uint64_t max_attempts = 0;           // most attempts of one payload
  double backoff_growth = 0;                // longest retry chain: last interval / first interval
  std::uint64_t out_of_order = 0;
  std::uint64_t missing_headers = 0;        // requests lacking a required remote-write header
  std::uint64_t faults_injected = 0;         // requests answered with a fault + refused connections
  std::uint64_t refused_connections = 0;    // connections reset by `refuse` before any request
  bool client_metrics_read = false;         // false: client_dropped is unknown (0), not measured
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Counts, expected_samples, stored_samples, lost, duplicated,
                                                stored_duplicates, unexpected, recovered, client_dropped,
                                                silent_loss, requests, connections, retries, retry_intervals_ms,
                                                retried_4xx, retried_429, retried_5xx, retried_no_response,
                                                max_attempts, backoff_growth, out_of_order, missing_headers,
                                                faults_injected, refused_connections, client_metrics_read)

Counts compute_counts(const Observations& observations);

}  // namespace rwchaos::harness
