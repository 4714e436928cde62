#include "harness/env/drain.hpp"

#include <algorithm>
#include <optional>
#include <thread>

#include "harness/checks/offers.hpp"
#include "harness/checks/request_accounting.hpp"
#include "harness/env/ledger_snapshot.hpp"

namespace rwchaos::harness {

namespace {

// Includes requests still in flight: each may yet end in a fault, and a retry may follow.
std::size_t answers_other_than_2xx(const std::vector<faults::LedgerRecord>& ledger) {
  return static_cast<std::size_t>(
      std::count_if(ledger.begin(), ledger.end(), [](const auto& record) { return !answered_ok(record); }));
}

}  // namespace

bool wait_until_drained(const DrainProbe& probe, const DrainTiming& timing, const std::function<bool()>& cancelled) {
  const auto deadline = std::chrono::steady_clock::now() + timing.limit;
  // A retry can be on its way even when everything is stored (a commit answered with a fault): no
  // request may have been answered other than 2xx for a moment, and every sample offered answered
  // 2xx once, in whatever request (a re-batching sender never re-sends the failed payload's bytes).
  // Steady 2xx traffic does not hold the drain: scrapers keep sending `up` after the generator stops.
  std::optional<std::size_t> last_unanswered;
  auto last_change = std::chrono::steady_clock::now();
  LedgerSnapshot snapshot;
  while (std::chrono::steady_clock::now() < deadline) {
    snapshot.merge(probe.ledger_since(snapshot.since()));
    const std::vector<faults::LedgerRecord> ledger = snapshot.records();
    const std::size_t unanswered = answers_other_than_2xx(ledger);
    const auto now = std::chrono::steady_clock::now();
    if (unanswered != last_unanswered) {
      last_unanswered = unanswered;
      last_change = now;
    } else if (now - last_change >= timing.quiet_for && every_offer_acknowledged(ledger) &&
               probe.all_expected_stored()) {
      return true;
    }
    if (!probe.failure().empty() || (cancelled && cancelled())) return false;
    std::this_thread::sleep_for(timing.poll);
  }
  return false;
}

}  // namespace rwchaos::harness
