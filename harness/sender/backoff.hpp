#pragma once
// The wait before each retry of one batch, after Prometheus' sendWriteRequestWithBackoff
// (storage/remote/queue_manager.go): the first retry waits `min`, and each next one twice the wait
// before it, up to `max`; a wait Retry-After set counts as the wait before. Defaults are Prometheus'
// DefaultQueueConfig (config/config.go): MinBackoff 30 ms, MaxBackoff 5 s.
#include <algorithm>
#include <chrono>

namespace rwchaos::harness::sender {

class Backoff {
 public:
  using Duration = std::chrono::milliseconds;

  // `constant-backoff`'s one wait: long enough that a busy machine's scheduling noise (tens of ms)
  // cannot pass for growth in backoff-grows' last/first ratio, as it did with 30 ms.
  static constexpr Duration constant_wait{500};

  // constant: the `constant-backoff` misbehaviour, every wait is max(min, constant_wait).
  Backoff(Duration min, Duration max, bool constant)
      : min_(constant ? std::max(min, constant_wait) : min), max_(max), constant_(constant), next_(min_) {}

  // The wait before the next retry when the answer named none.
  Duration next() const { return next_; }
  // A retry waited `waited` (the back-off, or Retry-After): the next wait doubles it, up to max.
  void waited(Duration waited);
  // The batch was delivered or dropped: the next batch starts again at min.
  void reset() { next_ = min_; }

 private:
  Duration min_, max_;
  bool constant_;
  Duration next_;
};

}  // namespace rwchaos::harness::sender
