#pragma once
// The ledger, request by request: requests and connections, retries (retry_accounting.hpp), the
// ground truth's samples in it (truth_in_ledger.hpp), faults, headers, duplicates, order.
#include <string>
#include <vector>

#include "faults/ledger/record.hpp"
#include "harness/checks/observations.hpp"
#include "harness/counts/counts.hpp"

namespace rwchaos::harness {

// Fills the ledger's counts in `counts` (all zero before): requests, connections, retries and
// their intervals and causes, duplicated(_all_series), recovered(_all_series), out_of_order,
// missing_headers, stale markers and the faults of answered requests.
void tally_requests(const std::vector<faults::LedgerRecord>& ledger, const GroundTruth& truth, Counts& counts);

// A complete response with a 2xx status: the client was told its samples were taken.
bool answered_ok(const faults::LedgerRecord& record);
// The required headers this request lacks or sends with another value than the spec's, by
// lower-case name ("" when all are right).
std::string wrong_headers(const faults::LedgerRecord& record);

}  // namespace rwchaos::harness
