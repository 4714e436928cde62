#pragma once
// `rwchaos diff` as a person reads it: what changed, as a Markdown table, then a one-line verdict.
#include <string>
#include <vector>

#include "harness/diff/judge_change.hpp"

namespace rwchaos::harness {

// The table has a row per scenario that got worse, better or changed (timing noise within
// tolerance is one line under it); the last line says whether anything regressed and what.
std::string render_diff_markdown(const ResultsSide& base, const ResultsSide& next,
                                 const std::vector<ScenarioChange>& changes);

}  // namespace rwchaos::harness
