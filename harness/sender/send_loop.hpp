#pragma once
// The sender's send thread: takes batches from the one queue in order and sends each until it is
// delivered or dropped (answer_policy.hpp), waiting out the back-off between attempts. At shutdown
// it keeps sending what is queued until the flush deadline, then counts the rest dropped.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

#include "harness/clients/reference_misbehaviours.hpp"
#include "harness/sender/backoff.hpp"
#include "harness/sender/sample_queue.hpp"
#include "harness/sender/sender_metrics.hpp"
#include "harness/sender/write_client.hpp"

namespace rwchaos::harness::sender {

struct SendOptions {
  std::size_t max_samples_per_send = 2000;  // Prometheus' MaxSamplesPerSend (config/config.go)
  std::chrono::milliseconds min_backoff{30};
  std::chrono::milliseconds max_backoff{5000};
  // `reorder`: how long a held-back batch waits for a newer one before it goes anyway.
  std::chrono::milliseconds hold_limit{3000};
  Misbehaviours misbehave;
};

class SendLoop {
 public:
  using Clock = std::chrono::steady_clock;

  SendLoop(SampleQueue& queue, WriteClient& client, SenderMetrics& metrics, SendOptions options);

  // Runs on the calling thread until the queue is closed and everything is sent or dropped.
  void run();
  // From another thread, once the queue is closed: give up on whatever is unsent at `deadline`.
  void flush_until(Clock::time_point deadline);

 private:
  Batch next_batch();
  // Until every sample of the batch is delivered or dropped.
  void send(Batch batch);
  // One request: nothing when it is done with (delivered or dropped), else how long to wait before
  // retrying it.
  std::optional<std::chrono::milliseconds> attempt(const Batch& batch, bool retry);
  // false when the flush deadline came first.
  bool wait(std::chrono::milliseconds duration);
  bool past_deadline() const;
  void drop(const std::string& reason, std::size_t samples);
  std::size_t pending_samples() const;

  SampleQueue& queue_;
  WriteClient& client_;
  SenderMetrics& metrics_;
  SendOptions options_;
  Headers headers_;
  Backoff backoff_;
  std::deque<Batch> pending_;            // sent before the queue: `reorder`'s held batch
  std::uint64_t taken_ = 0;              // batches taken from the queue
  std::atomic<Clock::rep> deadline_{0};  // 0: none yet
  std::mutex mutex_;
  std::condition_variable deadline_set_;
};

}  // namespace rwchaos::harness::sender
