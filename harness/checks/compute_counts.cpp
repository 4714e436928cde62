#include <cmath>

#include "harness/checks/counts.hpp"
#include "harness/checks/request_accounting.hpp"
#include "harness/checks/sample_accounting.hpp"

namespace rwchaos::harness {

Counts compute_counts(const Observations& observations) {
  const SampleTally samples = tally_samples(observations.expected, observations.stored);
  const RequestTally requests = tally_requests(observations.ledger);
  Counts counts;
  counts.expected_samples = samples.expected_samples;
  counts.stored_samples = samples.stored_samples;
  counts.lost = samples.lost;
  counts.unexpected = samples.unexpected;
  counts.stored_duplicates = samples.stored_duplicates;
  counts.duplicated = requests.duplicated;
  counts.recovered = requests.recovered;
  counts.client_metrics_read = observations.client.read;
  const double dropped = observations.client.read ? observations.client.dropped_samples : 0;
  counts.client_dropped = dropped > 0 && std::isfinite(dropped) ? static_cast<std::uint64_t>(std::llround(dropped)) : 0;
  counts.silent_loss = counts.lost > counts.client_dropped ? counts.lost - counts.client_dropped : 0;
  counts.requests = requests.requests;
  counts.connections = requests.connections;
  counts.retries = requests.retries;
  counts.retry_intervals_ms = requests.retry_intervals_ms;
  counts.retried_4xx = requests.retried_4xx;
  counts.retried_429 = requests.retried_429;
  counts.retried_5xx = requests.retried_5xx;
  counts.retried_no_response = requests.retried_no_response;
  counts.max_attempts = requests.max_attempts;
  counts.backoff_growth = requests.backoff_growth;
  counts.out_of_order = requests.out_of_order;
  counts.missing_headers = requests.missing_headers;
  counts.refused_connections = observations.refused_connections;
  counts.faults_injected = requests.faults_injected + observations.refused_connections;
  return counts;
}

}  // namespace rwchaos::harness
