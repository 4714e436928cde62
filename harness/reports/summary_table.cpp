#include "harness/reports/summary_table.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace rwchaos::harness {
namespace {

std::string failed_check_names(const RunReport& report) {
  std::string names;
  for (const auto& check : report.checks)
    if (!check.pass) names += (names.empty() ? "" : ", ") + check.name;
  return names.empty() ? "-" : names;
}

std::string markdown_cell(std::string text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string markdown_row(const std::vector<std::string>& cells) {
  std::string row = "|";
  for (const auto& cell : cells) row += " " + markdown_cell(cell) + " |";
  return row + "\n";
}

}  // namespace

std::vector<std::string> summary_columns() {
  return {"scenario", "client", "verdict", "lost", "duplicated", "retries", "silent_loss", "retried_4xx",
          "faults_injected", "failed checks"};
}

std::vector<std::string> summary_row(const RunReport& report) {
  const Counts& c = report.counts;
  std::string verdict = report.verdict;
  std::transform(verdict.begin(), verdict.end(), verdict.begin(), ::toupper);
  return {report.scenario,
          client_label(report.client),
          verdict,
          std::to_string(c.lost),
          known_text(c.duplicated),
          std::to_string(c.retries),
          known_text(c.silent_loss),
          std::to_string(c.retried_4xx),
          std::to_string(c.faults_injected),
          report.verdict == "error" ? "(error)" : report.verdict == "not_taken" ? "(MAY not taken)" : failed_check_names(report)};
}

std::string render_summary_markdown(const std::vector<RunReport>& reports) {
  std::size_t passed = 0, not_taken = 0;
  for (const auto& report : reports) {
    passed += report.verdict == "pass";
    not_taken += report.verdict == "not_taken";
  }
  std::string md = fmt::format("# rwchaos summary\n\n{} of {} scenarios passed{}.\n\n", passed, reports.size(),
                               not_taken ? fmt::format("; {} MAY rule{} not taken (not a failure)", not_taken,
                                                       not_taken == 1 ? "" : "s")
                                         : "");
  const auto columns = summary_columns();
  md += markdown_row(columns);
  md += markdown_row(std::vector<std::string>(columns.size(), "---"));
  for (const auto& report : reports) md += markdown_row(summary_row(report));

  std::string details;
  for (const auto& report : reports) {
    if (report.verdict == "error") details += fmt::format("- **{}** ({}): error: {}\n", report.scenario, client_label(report.client), report.error);
    if (report.verdict != "fail") continue;  // a MAY not taken is no failure, an error says why above
    for (const auto& check : report.checks)
      if (!check.pass)
        details += fmt::format("- **{}** ({}): `{}` expected {}, observed {}\n", report.scenario, client_label(report.client),
                               check.name, bound_to_text(check.expected), check.observed.dump());
  }
  if (!details.empty()) md += "\n## Failures\n\n" + details;
  return md;
}

std::string render_console_table(const std::vector<RunReport>& reports) {
  std::vector<std::vector<std::string>> rows = {summary_columns()};
  for (const auto& report : reports) rows.push_back(summary_row(report));
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  std::string text;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i)
      line += (i ? "  " : "") + row[i] + (i + 1 < row.size() ? std::string(widths[i] - row[i].size(), ' ') : "");
    text += line + "\n";
  }
  return text;
}

}  // namespace rwchaos::harness
