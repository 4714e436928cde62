#pragma once
// Envoy's retry back-off: fully jittered exponential (envoyproxy/envoy
// source/common/common/backoff_strategy.cc `JitteredExponentialBackOffStrategy::nextBackOffMs`).
// The n-th wait is a draw in [0, min(base * 2^(n-1), max)); the draws come from the sidecar's seed,
// so the same seed and the same order of retries give the same waits.
#include <chrono>
#include <cstdint>
#include <random>

namespace rwchaos::harness::mesh {

class RetryBackoff {
 public:
  // `random` is shared by all requests of a sidecar (one io thread), like Envoy's per-worker generator.
  RetryBackoff(std::chrono::milliseconds base, std::chrono::milliseconds max, std::mt19937_64& random);

  std::chrono::milliseconds next();
  std::chrono::milliseconds bound() const { return std::chrono::milliseconds(next_interval_); }  // of the next draw

 private:
  std::uint64_t max_interval_;
  std::uint64_t next_interval_;
  std::mt19937_64& random_;
};

}  // namespace rwchaos::harness::mesh
