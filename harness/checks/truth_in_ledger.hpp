#pragma once
// The ground truth's samples in the ledger (its samples_by_series): duplicated and recovered counted
// in ground-truth samples, as `lost` is, and the stale markers of the series the generator stopped.
#include <vector>

#include "faults/ledger/record.hpp"
#include "harness/checks/observations.hpp"
#include "harness/counts/counts.hpp"

namespace rwchaos::harness {

// Fills duplicated, recovered, stopped_series and stale_marked_series from `ordered` (by id). A
// ledger that lists no samples (an upstream without --ledger-samples) leaves duplicated and
// recovered unknown, with the reason in counts.unknown, unless it has no samples at all.
void tally_truth_in_ledger(const std::vector<const faults::LedgerRecord*>& ordered, const GroundTruth& truth,
                           Counts& counts);

}  // namespace rwchaos::harness
