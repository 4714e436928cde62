#pragma once
// What changed in one scenario between BASE and NEW, and whether it got worse (docs/ci.md).
#include <string>
#include <vector>

#include "harness/diff/match_reports.hpp"

namespace rwchaos::harness {

struct ScenarioChange {
  ReportPair pair;
  std::vector<std::string> worse;             // any: the scenario regressed
  std::vector<std::string> better;
  std::vector<std::string> changed;           // neither: retries past tolerance, a MAY rule (no longer) taken, new
  std::vector<std::string> within_tolerance;  // timing-dependent counts that moved, but not past their tolerance

  bool regressed() const { return !worse.empty(); }
  // Worth a row in the table: anything but timing noise.
  bool shown() const { return !worse.empty() || !better.empty() || !changed.empty(); }
};

// Worse: a verdict got worse (pass or not_taken -> fail or error, fail -> error), a check that
// passed fails, lost or silent_loss grew, duplicated grew past its tolerance, retried_4xx appeared,
// or the scenario is missing in NEW. Better: the reverse. A scenario only in NEW is a change, and so
// is lost growing because NEW, unlike BASE, drops a 4xx-refused batch and reports it (the spec's
// MUST NOT retry). Counts of a run that erred are not compared.
ScenarioChange judge_change(const ReportPair& pair);

// "yes" / "no" for a MAY rule (taken unless the verdict is not_taken; "?" when the run erred),
// "–" for a rule of another level.
std::string may_taken(const RunReport& report);

}  // namespace rwchaos::harness
