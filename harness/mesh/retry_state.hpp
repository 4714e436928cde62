#pragma once
// One request's retry budget, after Envoy's RetryStateImpl (envoyproxy/envoy
// source/common/router/retry_state_impl.cc `shouldRetry`): a retry the policy would make is refused
// when num_retries are spent (URX) or when the cluster's max_retries circuit breaker is full (UO).
// A granted retry holds one unit of that breaker until the next decision or the end of the request.
#include <chrono>
#include <cstdint>

#include "harness/mesh/retry_backoff.hpp"
#include "harness/mesh/sidecar_config.hpp"
#include "harness/mesh/sidecar_stats.hpp"

namespace rwchaos::harness::mesh {

enum class RetryStatus { no, yes, limit_exceeded, overflow };

class RetryState {
 public:
  // `active_retries`: the cluster's retries in progress, shared by all requests.
  // `backoff_key`: request_key() of this request.
  RetryState(const RetryPolicy& policy, std::uint64_t max_retries, std::uint64_t& active_retries,
             std::uint64_t backoff_key, SidecarStats& stats);
  ~RetryState();
  RetryState(const RetryState&) = delete;
  RetryState& operator=(const RetryState&) = delete;

  const RetryPolicy& policy() const { return policy_; }
  RetryStatus should_retry(bool would_retry);
  std::chrono::milliseconds next_backoff() { return backoff_.next(); }

 private:
  void release_held();

  const RetryPolicy& policy_;
  std::uint64_t max_retries_;
  std::uint64_t& active_retries_;
  SidecarStats& stats_;
  RetryBackoff backoff_;
  std::uint32_t remaining_;
  bool holding_ = false;
};

}  // namespace rwchaos::harness::mesh
