#pragma once
// Ground truth against storage: which expected samples were stored, lost, stored twice, or never
// expected.
#include <cstdint>
#include <vector>

#include "harness/checks/observations.hpp"

namespace rwchaos::harness {

struct SampleTally {
  std::uint64_t expected_samples = 0;
  std::uint64_t stored_samples = 0;
  std::uint64_t lost = 0;
  std::uint64_t unexpected = 0;
  std::uint64_t stored_duplicates = 0;
};

// Only metrics named in the ground truth are looked at: storage also holds the client's own series
// (up, scrape_duration_seconds, ...), which are neither lost nor unexpected.
SampleTally tally_samples(const GroundTruth& truth, const std::vector<StoredSeries>& stored);

// Whether two sample values are the same sample: equal up to the rounding storage may apply.
bool same_value(double a, double b);

}  // namespace rwchaos::harness
