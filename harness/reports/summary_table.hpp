#pragma once
// The table a person reads: summary.md in the results folder, and the same rows on the console.
#include <string>
#include <vector>

#include "harness/reports/run_report.hpp"

namespace rwchaos::harness {

// The counts the table shows, by their report.json names (a new count is a new name here).
const std::vector<std::string>& summary_counts();
// The table's columns: scenario | client | verdict | each of summary_counts() | failed checks. A
// run that measured nothing shows "—" in every count.
std::vector<std::string> summary_columns();
std::vector<std::string> summary_row(const RunReport& report);

// Markdown: a heading, the table, then one line per failed check and per error.
std::string render_summary_markdown(const std::vector<RunReport>& reports);
// Plain text, columns padded to line up.
std::string render_console_table(const std::vector<RunReport>& reports);

}  // namespace rwchaos::harness
