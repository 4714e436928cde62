#include "harness/mesh/retry_state.hpp"

namespace rwchaos::harness::mesh {

RetryState::RetryState(const RetryPolicy& policy, std::uint64_t max_retries, std::uint64_t& active_retries,
                       std::uint64_t backoff_key, SidecarStats& stats)
    : policy_(policy),
      max_retries_(max_retries),
      active_retries_(active_retries),
      stats_(stats),
      backoff_(policy.base_interval, policy.max_interval_or_default(), backoff_key),
      remaining_(policy.num_retries) {}

RetryState::~RetryState() { release_held(); }

void RetryState::release_held() {
  if (!holding_) return;
  holding_ = false;
  --active_retries_;
}

RetryStatus RetryState::should_retry(bool would_retry) {
  release_held();
  if (!would_retry) return RetryStatus::no;
  if (remaining_ == 0) {
    ++stats_.upstream_rq_retry_limit_exceeded;
    return RetryStatus::limit_exceeded;
  }
  --remaining_;
  if (active_retries_ >= max_retries_) {
    ++stats_.upstream_rq_retry_overflow;
    return RetryStatus::overflow;
  }
  ++active_retries_;
  holding_ = true;
  return RetryStatus::yes;
}

}  // namespace rwchaos::harness::mesh
