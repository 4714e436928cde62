#pragma once
// What a request offered, as keys two requests share when one re-offers what the other carried:
// every sample (series identity + timestamp, from the ledger's samples_by_series) and the payload
// hash. A sender that re-batches a failed request still offers the same samples, so its retries
// are told by these keys, not by the payload alone (docs/scenario.md "Counts").
#include <cstdint>
#include <vector>

#include "faults/ledger/record.hpp"

namespace rwchaos::harness {

// The payload hash's key first, then one per sample. Empty for an undecodable request (hash ""):
// nothing can be told about it.
std::vector<std::uint64_t> offer_keys(const faults::LedgerRecord& record);

// Whether every key any request offered was offered again in a request answered 2xx: the client
// has been told that everything it sent was taken. Requests still in flight count as not answered.
bool every_offer_acknowledged(const std::vector<faults::LedgerRecord>& ledger);

}  // namespace rwchaos::harness
