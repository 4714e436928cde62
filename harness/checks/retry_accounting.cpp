#include "harness/checks/retry_accounting.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "harness/checks/offers.hpp"

namespace rwchaos::harness {
namespace {

// One key's attempts so far: the requests that offered it.
struct Attempts {
  const faults::LedgerRecord* last = nullptr;
  std::uint64_t count = 0;
  double first_interval_ms = 0;
  double last_interval_ms = 0;
};

struct Walk {
  std::vector<std::pair<const faults::LedgerRecord*, const faults::LedgerRecord*>> retries;  // (retry, previous)
  Attempts most;  // of the key offered most often; the first to get there on a tie
};

Walk walk_offers(const std::vector<const faults::LedgerRecord*>& ordered) {
  Walk walk;
  std::unordered_map<std::uint64_t, Attempts> offered;
  for (const auto* record : ordered) {
    const std::vector<std::uint64_t> keys = offer_keys(*record);
    // The latest earlier request that offered any of this one's keys: the attempt it retries.
    const faults::LedgerRecord* previous = nullptr;
    for (std::uint64_t key : keys) {
      const auto found = offered.find(key);
      if (found != offered.end() && (!previous || found->second.last->id > previous->id)) previous = found->second.last;
    }
    if (previous) walk.retries.emplace_back(record, previous);
    for (std::uint64_t key : keys) {
      Attempts& attempts = offered[key];
      if (attempts.last) {
        attempts.last_interval_ms = record->arrival_unix_ms - attempts.last->arrival_unix_ms;
        if (attempts.count == 1) attempts.first_interval_ms = attempts.last_interval_ms;
      }
      attempts.last = record;
      ++attempts.count;
      if (attempts.count > walk.most.count) walk.most = attempts;
    }
  }
  return walk;
}

// The answer the earlier attempt got is what the retry followed.
void count_retry_cause(const faults::LedgerRecord& previous, Counts& tally) {
  if (previous.outcome != faults::Outcome::response || previous.status == 0)
    ++tally.retried_no_response;
  else if (previous.status == 429)
    ++tally.retried_429;
  else if (previous.status >= 400 && previous.status < 500)
    ++tally.retried_4xx;
  else if (previous.status >= 500)
    ++tally.retried_5xx;
}

std::vector<const faults::LedgerRecord*> by_id(const std::vector<faults::LedgerRecord>& ledger) {
  std::vector<const faults::LedgerRecord*> ordered;
  for (const auto& record : ledger)
    if (!record.hash.empty()) ordered.push_back(&record);
  std::sort(ordered.begin(), ordered.end(), [](auto* a, auto* b) { return a->id < b->id; });
  return ordered;
}

}  // namespace

void tally_retries(const std::vector<const faults::LedgerRecord*>& ordered, Counts& tally) {
  const Walk walk = walk_offers(ordered);
  for (const auto& [retry, previous] : walk.retries) {
    ++tally.retries;
    tally.retry_intervals_ms.push_back(retry->arrival_unix_ms - previous->arrival_unix_ms);
    count_retry_cause(*previous, tally);
  }
  tally.max_attempts = walk.most.count;
  // Growth needs two intervals, i.e. three attempts of one key.
  tally.backoff_growth = walk.most.count >= 3 && walk.most.first_interval_ms > 0
                             ? walk.most.last_interval_ms / walk.most.first_interval_ms
                             : 0;
}

std::map<std::uint64_t, std::uint64_t> previous_attempts(const std::vector<faults::LedgerRecord>& ledger) {
  std::map<std::uint64_t, std::uint64_t> previous_of;
  for (const auto& [retry, previous] : walk_offers(by_id(ledger)).retries) previous_of[retry->id] = previous->id;
  return previous_of;
}

}  // namespace rwchaos::harness
