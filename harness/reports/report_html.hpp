#pragma once
// report.html: one self-contained page a person opens in a browser, for a run (rwchaos run) or for
// several (rwchaos matrix --html): the client x scenario matrix when there is more than one client,
// the summary table, then per scenario its verdict and what decided it, its checks, its timeline
// inline, its counts and its requests. No external resource (a Content-Security-Policy forbids any);
// one small inline script links a timeline mark to its row in the requests table.
#include <string>
#include <vector>

#include "harness/reports/scenario_results.hpp"

namespace rwchaos::harness {

// The requests table shows at most this many rows; the rest are in ledger.jsonl.
inline constexpr std::size_t html_max_request_rows = 2000;

std::string render_report_html(const std::vector<ScenarioResults>& scenarios, const std::string& title);

}  // namespace rwchaos::harness
