#pragma once
// Ground truth against storage: which expected samples were stored, lost, stored twice, or never
// expected.
#include <vector>

#include "harness/checks/observations.hpp"
#include "harness/counts/counts.hpp"

namespace rwchaos::harness {

// Fills expected_samples, stored_samples, lost, unexpected and stored_duplicates in `counts`. Only
// metrics named in the ground truth are looked at: storage also holds the client's own series (up,
// scrape_duration_seconds, ...), which are neither lost nor unexpected.
void tally_samples(const GroundTruth& truth, const std::vector<StoredSeries>& stored, Counts& counts);

// The one answer to "is this expected sample stored?", for the checks (`lost` above) and for the
// environments' drains alike: how many expected samples storage does not hold. A drain that waits
// for 0 stops exactly when the checks would count nothing lost.
std::uint64_t count_lost(const GroundTruth& truth, const std::vector<StoredSeries>& stored);

}  // namespace rwchaos::harness
