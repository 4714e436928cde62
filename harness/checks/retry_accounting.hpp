#pragma once
// Retries, told by what a request offers (offers.hpp): a request that offers a sample, or a payload,
// that an earlier request offered is a retry, whether or not the sender re-batched it
// (docs/scenario.md "Counts", "Retries").
#include <cstdint>
#include <map>
#include <vector>

#include "faults/ledger/record.hpp"
#include "harness/counts/counts.hpp"

namespace rwchaos::harness {

// Fills retries, retry_intervals_ms, retried_4xx/429/5xx/no_response, max_attempts and
// backoff_growth from `ordered` (decodable requests, by id).
void tally_retries(const std::vector<const faults::LedgerRecord*>& ordered, Counts& counts);
// Each request tally_retries counts as a retry, with its previous attempt: request id -> the id of the latest earlier request that
// offered any of its keys (the reports draw and list it), in any order of `ledger`.
std::map<std::uint64_t, std::uint64_t> previous_attempts(const std::vector<faults::LedgerRecord>& ledger);

}  // namespace rwchaos::harness
