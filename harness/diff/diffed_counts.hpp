#pragma once
// The counts `rwchaos diff` compares and how each one is judged (docs/ci.md "What counts as worse").
// One table: the Markdown columns and the judgement both come from it.
#include <cstdint>
#include <string>
#include <vector>

namespace rwchaos::harness {

enum class WhenWorse {
  any_growth,        // lost, silent_loss: one more lost sample is a regression
  beyond_tolerance,  // duplicated: depends on batch timing; worse only past the tolerance
  appearing,         // retried_4xx: 0 -> n is a new spec violation; n -> m is timing
  never,             // retries: how a client copes, judged through lost, duplicated and the verdict
};

struct DiffedCount {
  std::string name;  // a key of the counts table (harness/counts/counts.hpp)
  WhenWorse worse = WhenWorse::any_growth;
  // Timing tolerance: a change of at most max(slack, share x BASE's value) is noise.
  std::uint64_t slack = 0;
  double share = 0;
};

// In column order: lost, duplicated, silent_loss, retries, retried_4xx.
const std::vector<DiffedCount>& diffed_counts();

// Whether |next - base| is within the count's timing tolerance (any_growth counts have none).
bool within_tolerance(const DiffedCount& count, std::uint64_t base, std::uint64_t next);

}  // namespace rwchaos::harness
