#pragma once
// The progress line of a running scenario (harness/reports/progress_line.hpp) fed with the report's
// own counts: compute_counts over a snapshot of the upstream's ledger and /stats, the same code path
// that makes report.json's counts once the run is collected (the ground truth and storage parts
// stay zero until then, and are not shown).
#include <chrono>
#include <ostream>
#include <string>

#include "harness/counts/counts.hpp"
#include "harness/env/environment.hpp"
#include "harness/reports/progress_line.hpp"
#include "harness/env/ledger_snapshot.hpp"

namespace rwchaos::harness {

class LiveProgress {
 public:
  // enabled false: shows nothing and never polls (scenarios running side by side).
  LiveProgress(std::ostream& out, bool tty, bool enabled, std::string scenario);
  // A line for this stage when one is due (ProgressDisplay::due). Polls the upstream only then; a
  // failed poll skips the line.
  void show(Environment& env, const std::string& stage, double elapsed_s, double limit_s);
  // The last line: the counts report.json holds.
  void show_final(const Counts& counts);
  void finish();  // ends the in-place line on a terminal

 private:
  bool enabled_;
  std::string scenario_;
  ProgressDisplay display_;
  LedgerSnapshot ledger_;
};

}  // namespace rwchaos::harness
