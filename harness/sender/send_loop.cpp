#include "harness/sender/send_loop.hpp"

#include <fmt/format.h>

#include <algorithm>
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
  for (const auto& pending : pending_) samples += pending.size();
  return samples;
}

void SendLoop::drop(const std::string& reason, std::size_t samples) {
  metrics_.dropped(reason, samples);
  std::cerr << fmt::format("rwchaos sender: dropped {} samples ({})\n", samples, reason);
}

Batch SendLoop::next_batch() {
  if (!pending_.empty()) {
    Batch next = std::move(pending_.front());
    pending_.pop_front();
    return next;
  }
  // Wake at least once a second to see the flush deadline.
  Batch batch = queue_.take(options_.max_samples_per_send, Clock::now() + 1s);
  if (batch.empty() || !options_.misbehave.count(Misbehaviour::reorder) || ++taken_ % 2 != 0) return batch;
  // `reorder`: every other batch waits for the next one and is sent after it.
  Batch newer = queue_.take(options_.max_samples_per_send, Clock::now() + options_.hold_limit);
  if (newer.empty()) return batch;
  pending_.push_back(std::move(batch));
  return newer;
}

std::optional<std::chrono::milliseconds> SendLoop::attempt(const Batch& batch, bool retry) {
  const std::size_t samples = batch.size();
  if (past_deadline()) {
    drop("shutdown", samples);
    return std::nullopt;
  }
  const Attempt attempt = client_.post(encode_batch(batch), headers_, [this] { return past_deadline(); });
  metrics_.attempted(attempt.status, samples, retry);
  const Decision decision = decide(attempt, options_.misbehave, backoff_, std::chrono::system_clock::now());
  if (decision.next == Next::done) {
    metrics_.delivered(samples);
    backoff_.reset();
    return std::nullopt;
  }
  if (decision.next == Next::drop) {
    backoff_.reset();
    if (decision.count_drop) drop(decision.drop_reason, samples);  // `drop-on-5xx`: the loss is silent
    return std::nullopt;
  }
  const std::string answer = attempt.status ? std::to_string(attempt.status) : attempt.error;
  std::cerr << fmt::format("rwchaos sender: {} samples answered {}; retrying in {} ms\n", samples, answer,
                           decision.wait.count());
  return decision.wait;
}

void SendLoop::send(Batch batch) {
  const bool rebatch = options_.misbehave.count(Misbehaviour::rebatch) > 0;
  for (bool retry = false;; retry = true) {
    // `rebatch`: every retry round re-sends all the failed samples, split over two new requests. Both
    // go each round, so neither half waits out the other's outage; one series split by samples sends
    // its newer half only after the older one was delivered, keeping the series in order.
    std::vector<Batch> requests;
    if (retry && rebatch) {
      auto [first, second] = split_batch(batch);
      requests.push_back(std::move(first));
      if (!second.empty()) requests.push_back(std::move(second));
    } else {
      requests.push_back(std::move(batch));
    }
    const bool one_series = requests.size() > 1 && series_count(requests.front()) == 1;  // counted only when split
    Batch failed;
    std::chrono::milliseconds wait_for{0};
    for (auto& request : requests) {
      if (one_series && !failed.empty()) {
        failed.insert(failed.end(), request.begin(), request.end());
        continue;
      }
      const auto retry_in = attempt(request, retry);
      if (!retry_in) continue;
      failed.insert(failed.end(), request.begin(), request.end());
      wait_for = std::max(wait_for, *retry_in);
    }
    if (failed.empty()) return;
    if (!wait(wait_for)) return drop("shutdown", failed.size());
    batch = std::move(failed);
  }
}

void SendLoop::run() {
  for (;;) {
    metrics_.pending(queue_.size() + pending_samples());
    Batch next = next_batch();
    if (!next.empty()) {
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
