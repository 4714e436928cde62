#pragma once
// The table a person reads: summary.md in the results folder, and the same rows on the console.
#include <string>
#include <vector>

#include "harness/reports/run_report.hpp"

namespace rwchaos::harness {

// The table's columns: scenario | client | verdict | lost | duplicated | retries | silent_loss |
// retried_4xx | faults_injected | failed checks.
std::vector<std::string> summary_columns();
std::vector<std::string> summary_row(const RunReport& report);

// Markdown: a heading, the table, then one line per failed check and per error.
std::string render_summary_markdown(const std::vector<RunReport>& reports);
// Plain text, columns padded to line up.
std::string render_console_table(const std::vector<RunReport>& reports);

}  // namespace rwchaos::harness
