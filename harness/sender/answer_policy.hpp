#pragma once
// What the sender does after an attempt (remote-write 1.0 "Retries & Backoff"): a 2xx is done; a
// 5xx, a 429 or no response is retried after a back-off (or after Retry-After); any other status is
// dropped and counted. Each misbehaviour that bends this rule bends it here and nowhere else.
#include <chrono>
#include <string>

#include "harness/clients/reference_misbehaviours.hpp"
#include "harness/sender/attempt.hpp"
#include "harness/sender/backoff.hpp"

namespace rwchaos::harness::sender {

enum class Next { done, retry, drop };

struct Decision {
  Next next = Next::done;
  std::chrono::milliseconds wait{0};  // retry: before the next attempt
  std::string drop_reason;            // drop: the `reason` label of samples_dropped_total
  bool count_drop = true;             // drop: false for the silent `drop-on-5xx`
};

// Longest Retry-After honoured: a bound of this sender, so a wrong header cannot stall it for days.
inline constexpr std::chrono::milliseconds max_retry_after{std::chrono::minutes(5)};

// `backoff` is read for the wait and told what was waited (Backoff::waited) when the answer is a retry.
Decision decide(const Attempt& attempt, const Misbehaviours& misbehave, Backoff& backoff,
                std::chrono::system_clock::time_point now);

}  // namespace rwchaos::harness::sender
