#include "harness/mesh/retry_backoff.hpp"

#include <algorithm>

#include "faults/plan/splitmix.hpp"

namespace rwchaos::harness::mesh {

RetryBackoff::RetryBackoff(std::chrono::milliseconds base, std::chrono::milliseconds max, std::uint64_t key)
    : max_interval_(static_cast<std::uint64_t>(std::max<std::int64_t>(max.count(), 1))),
      next_interval_(static_cast<std::uint64_t>(std::max<std::int64_t>(base.count(), 1))),
      key_(key) {
  next_interval_ = std::min(next_interval_, max_interval_);
}

std::chrono::milliseconds RetryBackoff::next() {
  const std::uint64_t interval = next_interval_;
  next_interval_ = next_interval_ < max_interval_ / 2 ? next_interval_ * 2 : max_interval_;
  const std::uint64_t random = faults::splitmix64(key_ ^ ++draws_);
  return std::chrono::milliseconds(std::min(random % interval, max_interval_));
}

std::uint64_t request_key(std::uint64_t seed, std::uint64_t role, std::uint64_t request_number) {
  return faults::splitmix64(faults::splitmix64(faults::splitmix64(seed) ^ role) ^ request_number);
}

}  // namespace rwchaos::harness::mesh
