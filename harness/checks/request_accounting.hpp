#pragma once
// The ledger, request by request: retries and their intervals, what each retry followed, faults,
// headers, duplicates.
#include <cstdint>
#include <vector>

#include "faults/ledger/record.hpp"

namespace rwchaos::harness {

struct RequestTally {
  std::uint64_t requests = 0;
  std::uint64_t connections = 0;
  std::uint64_t retries = 0;
  std::vector<double> retry_intervals_ms;
  std::uint64_t retried_4xx = 0;
  std::uint64_t retried_429 = 0;
  std::uint64_t retried_5xx = 0;
  std::uint64_t retried_no_response = 0;
  std::uint64_t max_attempts = 0;
  double backoff_growth = 0;
  std::uint64_t duplicated = 0;
  std::uint64_t recovered = 0;
  std::uint64_t out_of_order = 0;
  std::uint64_t missing_headers = 0;
  std::uint64_t faults_injected = 0;
};

RequestTally tally_requests(const std::vector<faults::LedgerRecord>& ledger);

// A complete response with a 2xx status: the client was told its samples were taken.
bool answered_ok(const faults::LedgerRecord& record);
// Whether the request carries every header the remote-write 1.0 spec requires of a sender.
bool has_required_headers(const faults::LedgerRecord& record);

}  // namespace rwchaos::harness
