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

// "Is every expected sample stored?" as the checks answer it (tally_samples finds nothing lost): the
// one predicate of the checks and of every environment's drain, so a drain never waits out its
// settle for a sample the checks count as stored, nor stops before one they count as lost.
bool all_expected_stored(const GroundTruth& truth, const std::vector<StoredSeries>& stored);

}  // namespace rwchaos::harness
