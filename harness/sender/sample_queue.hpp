#pragma once
// The sender's one queue (one shard, so each series stays in order: remote-write 1.0 "Ordering").
// The scrape thread appends, the send thread takes; bounded, so an endless outage costs memory up
// to `capacity` samples and then the oldest are dropped and counted.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

#include "harness/sender/batch.hpp"

namespace rwchaos::harness::sender {

class SampleQueue {
 public:
  using Clock = std::chrono::steady_clock;

  explicit SampleQueue(std::size_t capacity) : capacity_(capacity) {}

  // Appends one scrape's samples at once. Returns how many of the oldest it dropped to stay within
  // capacity (0 normally); after close() it drops them all and returns their count.
  [[nodiscard]] std::size_t append(const Batch& samples);
  // Up to `max` of the oldest samples; waits for some until `until` or close(). Empty: none came.
  Batch take(std::size_t max, Clock::time_point until);
  // No more appends; take() returns what is left without waiting.
  void close();
  std::size_t size() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Sample> samples_;  // guarded by mutex_
  bool closed_ = false;         // guarded by mutex_
};

}  // namespace rwchaos::harness::sender
