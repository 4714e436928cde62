#include "harness/sender/sample_queue.hpp"

namespace rwchaos::harness::sender {

std::size_t SampleQueue::append(const Batch& samples) {
  std::size_t dropped = 0;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return samples.size();
    samples_.insert(samples_.end(), samples.begin(), samples.end());
    while (samples_.size() > capacity_) {
      samples_.pop_front();
      ++dropped;
    }
  }
  changed_.notify_all();
  return dropped;
}

Batch SampleQueue::take(std::size_t max, Clock::time_point until) {
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, until, [this] { return closed_ || !samples_.empty(); });
  Batch batch;
  while (!samples_.empty() && batch.size() < max) {
    batch.push_back(std::move(samples_.front()));
    samples_.pop_front();
  }
  return batch;
}

void SampleQueue::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
}

std::size_t SampleQueue::size() const {
  std::lock_guard lock(mutex_);
  return samples_.size();
}

}  // namespace rwchaos::harness::sender
