#include "harness/sender/answer_policy.hpp"

#include <algorithm>

#include "harness/sender/retry_after.hpp"

namespace rwchaos::harness::sender {
namespace {

Decision retry_after_wait(const Attempt& attempt, const Misbehaviours& misbehave, Backoff& backoff,
                          std::chrono::system_clock::time_point now) {
  std::chrono::milliseconds wait = backoff.next();
  // Retry-After on a 429 or 503 is the receiver saying when to come back (RFC 9110 §10.2.3).
  const bool asks = attempt.status == 429 || attempt.status == 503;
  if (asks && !attempt.retry_after.empty() && !misbehave.count(Misbehaviour::ignore_retry_after))
    if (const auto asked = parse_retry_after(attempt.retry_after, now)) wait = std::min(*asked, max_retry_after);
  backoff.waited(wait);
  return {Next::retry, wait, {}, true};
}

std::string status_class(int status) { return "http_" + std::to_string(status / 100) + "xx"; }

}  // namespace

Decision decide(const Attempt& attempt, const Misbehaviours& misbehave, Backoff& backoff,
                std::chrono::system_clock::time_point now) {
  const int status = attempt.status;
  if (status >= 200 && status < 300) {
    if (attempt.has_body && misbehave.count(Misbehaviour::read_2xx_body)) return retry_after_wait(attempt, misbehave, backoff, now);
    return {Next::done, {}, {}, true};
  }
  if (status >= 500 && status < 600) {
    if (misbehave.count(Misbehaviour::drop_on_5xx)) return {Next::drop, {}, status_class(status), false};
    if (misbehave.count(Misbehaviour::no_retry)) return {Next::drop, {}, status_class(status), true};
    return retry_after_wait(attempt, misbehave, backoff, now);
  }
  // No response: the request may or may not have been taken; resending is the at-least-once choice
  // (Prometheus' Store treats a failed Do as recoverable, storage/remote/client.go).
  if (status == 0 || status == 429) return retry_after_wait(attempt, misbehave, backoff, now);
  if (status >= 400 && status < 500 && misbehave.count(Misbehaviour::retry_4xx))
    return retry_after_wait(attempt, misbehave, backoff, now);
  // Any other 4xx, and 1xx/3xx (not followed): never retried.
  return {Next::drop, {}, status_class(status), true};
}

}  // namespace rwchaos::harness::sender
