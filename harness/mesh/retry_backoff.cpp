#include "harness/mesh/retry_backoff.hpp"

#include <algorithm>

namespace rwchaos::harness::mesh {

RetryBackoff::RetryBackoff(std::chrono::milliseconds base, std::chrono::milliseconds max, std::mt19937_64& random)
    : max_interval_(static_cast<std::uint64_t>(std::max<std::int64_t>(max.count(), 1))),
      next_interval_(static_cast<std::uint64_t>(std::max<std::int64_t>(base.count(), 1))),
      random_(random) {
  next_interval_ = std::min(next_interval_, max_interval_);
}

// As Envoy: draw `random % interval`, then double the interval unless that would pass the cap,
// in which case the cap is the interval from now on.
std::chrono::milliseconds RetryBackoff::next() {
  const std::uint64_t interval = next_interval_;
  next_interval_ = next_interval_ < max_interval_ / 2 ? next_interval_ * 2 : max_interval_;
  return std::chrono::milliseconds(std::min(random_() % interval, max_interval_));
}

}  // namespace rwchaos::harness::mesh
