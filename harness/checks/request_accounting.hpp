#pragma once
// The ledger, request by request: retries and their intervals, what each retry followed, faults,
// headers, duplicates.
#include <vector>

#include "faults/ledger/record.hpp"
#include "harness/counts/counts.hpp"

namespace rwchaos::harness {

// A request, and the previous attempt of its payload when it is a retry (else null).
struct Attempt {
  const faults::LedgerRecord* record = nullptr;
  const faults::LedgerRecord* previous = nullptr;
};
// Every request of the ledger in id order, each with its previous attempt: the one answer to "is
// this request a retry, and of which?" (tally_requests counts from it, the reports draw it).
std::vector<Attempt> attempts_of(const std::vector<faults::LedgerRecord>& ledger);

// Fills the ledger's counts in `counts` (all zero before): requests, connections, the retries, duplicated,
// recovered, out_of_order, missing_headers and the faults of answered requests.
void tally_requests(const std::vector<faults::LedgerRecord>& ledger, Counts& counts);

// A complete response with a 2xx status: the client was told its samples were taken.
bool answered_ok(const faults::LedgerRecord& record);
// Whether the request carries every header the remote-write 1.0 spec requires of a sender.
bool has_required_headers(const faults::LedgerRecord& record);

}  // namespace rwchaos::harness
