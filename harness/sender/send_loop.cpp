#include "harness/sender/send_loop.hpp"

#include <fmt/format.h>

#include <iostream>

#include "harness/sender/answer_policy.hpp"
#include "harness/sender/request_headers.hpp"

namespace rwchaos::harness::sender {

using namespace std::chrono_literals;

SendLoop::SendLoop(SampleQueue& queue, WriteClient& client, SenderMetrics& metrics, SendOptions options)
    : queue_(queue),
      client_(client),
      metrics_(metrics),
      options_(std::move(options)),
      headers_(request_headers(options_.misbehave)),
      backoff_(options_.min_backoff, options_.max_backoff,
               options_.misbehave.count(Misbehaviour::constant_backoff) > 0) {}

void SendLoop::flush_until(Clock::time_point deadline) {
  {
    std::lock_guard lock(mutex_);
    deadline_ = deadline.time_since_epoch().count();
  }
  deadline_set_.notify_all();
}

bool SendLoop::past_deadline() const {
  const auto deadline = deadline_.load();
  return deadline != 0 && Clock::now().time_since_epoch().count() >= deadline;
}

bool SendLoop::wait(std::chrono::milliseconds duration) {
  const auto until = Clock::now() + duration;
  std::unique_lock lock(mutex_);
  for (;;) {
    const auto deadline = deadline_.load();
    const auto limit = deadline == 0 ? until : std::min(until, Clock::time_point(Clock::duration(deadline)));
    if (Clock::now() >= until) return true;
    if (Clock::now() >= limit) return false;  // the flush deadline came first
    deadline_set_.wait_until(lock, limit);
  }
}

std::size_t SendLoop::pending_samples() const {
  std::size_t samples = 0;
  for (const auto& pending : pending_) samples += pending.batch.size();
  return samples;
}

void SendLoop::drop(const std::string& reason, std::size_t samples) {
  metrics_.dropped(reason, samples);
  std::cerr << fmt::format("rwchaos sender: dropped {} samples ({})\n", samples, reason);
}

SendLoop::Pending SendLoop::next_batch() {
  if (!pending_.empty()) {
    Pending next = std::move(pending_.front());
    pending_.pop_front();
    return next;
  }
  // Wake at least once a second to see the flush deadline.
  Batch batch = queue_.take(options_.max_samples_per_send, Clock::now() + 1s);
  if (batch.empty() || !options_.misbehave.count(Misbehaviour::reorder) || ++taken_ % 2 != 0) return {batch, false};
  // `reorder`: every other batch waits for the next one and is sent after it.
  Batch newer = queue_.take(options_.max_samples_per_send, Clock::now() + options_.hold_limit);
  if (newer.empty()) return {batch, false};
  pending_.push_back({std::move(batch), false});
  return {std::move(newer), false};
}

void SendLoop::send(Pending pending) {
  const std::string body = encode_batch(pending.batch);
  const std::size_t samples = pending.batch.size();
  for (bool retry = pending.retry;; retry = true) {
    if (past_deadline()) return drop("shutdown", samples);
    const Attempt attempt = client_.post(body, headers_, [this] { return past_deadline(); });
    metrics_.attempted(attempt.status, samples, retry);
    const Decision decision = decide(attempt, options_.misbehave, backoff_, std::chrono::system_clock::now());
    if (decision.next == Next::done) {
      metrics_.delivered(samples);
      backoff_.reset();
      return;
    }
    const std::string answer = attempt.status ? std::to_string(attempt.status) : attempt.error;
    if (decision.next == Next::drop) {
      backoff_.reset();
      if (!decision.count_drop) return;  // `drop-on-5xx`: the loss is silent
      return drop(decision.drop_reason, samples);
    }
    std::cerr << fmt::format("rwchaos sender: {} samples answered {}; retrying in {} ms\n", samples, answer,
                             decision.wait.count());
    if (!wait(decision.wait)) return drop("shutdown", samples);
    if (options_.misbehave.count(Misbehaviour::rebatch)) {
      auto [first, second] = split_batch(pending.batch);
      if (!second.empty()) pending_.push_front({std::move(second), true});
      pending_.push_front({std::move(first), true});
      return;
    }
  }
}

void SendLoop::run() {
  for (;;) {
    metrics_.pending(queue_.size() + pending_samples());
    Pending next = next_batch();
    if (!next.batch.empty()) {
      send(std::move(next));
      continue;
    }
    if (deadline_.load() != 0 && queue_.size() == 0 && pending_.empty()) break;  // flushed
    if (past_deadline()) break;
  }
  if (const std::size_t left = queue_.size() + pending_samples(); left > 0) drop("shutdown", left);
  metrics_.pending(0);
}

}  // namespace rwchaos::harness::sender
