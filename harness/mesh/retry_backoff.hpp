#pragma once
// Envoy's retry back-off: fully jittered exponential (envoyproxy/envoy
// source/common/common/backoff_strategy.cc `JitteredExponentialBackOffStrategy::nextBackOffMs`).
// The n-th wait is `random % interval` ms with interval = base, 2 base, 4 base, ... while below
// max / 2, then max (25, 50, 100, 200, 250, 250, ... by default). Envoy's `random` comes from its
// generator; here it is a hash of the sidecar's seed, the request and the retry's number, so the
// same seed and the same requests give the same waits whatever ran concurrently.
#include <chrono>
#include <cstdint>

namespace rwchaos::harness::mesh {

class RetryBackoff {
 public:
  // `key` identifies the request (see request_key()).
  RetryBackoff(std::chrono::milliseconds base, std::chrono::milliseconds max, std::uint64_t key);

  std::chrono::milliseconds next();
  std::chrono::milliseconds bound() const { return std::chrono::milliseconds(next_interval_); }  // of the next draw

 private:
  std::uint64_t max_interval_;
  std::uint64_t next_interval_;
  std::uint64_t key_;
  std::uint64_t draws_ = 0;
};

// The key of one downstream request: the sidecar's seed, its role (so the two sidecars of a hop
// draw differently) and the request's number on that sidecar (1, 2, ... in arrival order).
std::uint64_t request_key(std::uint64_t seed, std::uint64_t role, std::uint64_t request_number);

}  // namespace rwchaos::harness::mesh
