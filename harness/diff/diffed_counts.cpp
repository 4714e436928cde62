#include "harness/diff/diffed_counts.hpp"

#include <algorithm>
#include <cmath>

namespace rwchaos::harness {

const std::vector<DiffedCount>& diffed_counts() {
  // The tolerances are measured, not guessed: docs/ci.md "Timing tolerance" gives the reruns.
  static const std::vector<DiffedCount> counts = {
      {"lost", WhenWorse::any_growth},
      {"duplicated", WhenWorse::beyond_tolerance, 2, 0.5},
      {"silent_loss", WhenWorse::any_growth},
      {"retries", WhenWorse::never, 2, 0.5},
      {"retried_4xx", WhenWorse::appearing, 2, 0.5},
  };
  return counts;
}

bool within_tolerance(const DiffedCount& count, std::uint64_t base, std::uint64_t next) {
  if (base == next) return true;
  if (count.worse == WhenWorse::any_growth) return false;
  const std::uint64_t change = next > base ? next - base : base - next;
  const auto allowed = std::max<double>(static_cast<double>(count.slack), std::floor(count.share * static_cast<double>(base)));
  return static_cast<double>(change) <= allowed;
}

}  // namespace rwchaos::harness
