#pragma once
// A run's counts (harness/counts/counts.hpp) from what it observed.
#include "harness/checks/observations.hpp"
#include "harness/counts/counts.hpp"

namespace rwchaos::harness {

Counts compute_counts(const Observations& observations);

}  // namespace rwchaos::harness
