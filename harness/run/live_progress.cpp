#include "harness/run/live_progress.hpp"

#include "harness/checks/compute_counts.hpp"

namespace rwchaos::harness {

namespace {

ProgressState state_of(const std::string& scenario, const std::string& stage, double elapsed_s, double limit_s,
                       const Counts& counts) {
  return {scenario, stage, elapsed_s, limit_s, counts.requests, counts.faults_injected, counts.retries};
}

}  // namespace

LiveProgress::LiveProgress(std::ostream& out, bool tty, bool enabled, std::string scenario)
    : enabled_(enabled), scenario_(std::move(scenario)), display_(out, tty) {}

void LiveProgress::show(Environment& env, const std::string& stage, double elapsed_s, double limit_s) {
  const auto now = std::chrono::steady_clock::now();
  if (!enabled_ || !display_.due(stage, now)) return;
  Observations snapshot;
  try {
    ledger_.merge(env.ledger_since(ledger_.since()));
    snapshot.ledger = ledger_.records();
    add_upstream_stats(snapshot, env.upstream_stats());
  } catch (const std::exception&) {
    return;  // the runner finds out why through env.failure()
  }
  display_.update(state_of(scenario_, stage, elapsed_s, limit_s, compute_counts(snapshot)), now);
}

void LiveProgress::show_final(const Counts& counts) {
  if (!enabled_) return;
  display_.update(state_of(scenario_, "collected", 0, 0, counts));
}

void LiveProgress::finish() {
  if (enabled_) display_.finish();
}

}  // namespace rwchaos::harness
