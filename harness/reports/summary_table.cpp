#include "harness/reports/summary_table.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "harness/common/counted.hpp"
#include "harness/reports/markdown_table.hpp"
#include "harness/reports/text_width.hpp"
#include "harness/reports/verdict_text.hpp"

namespace rwchaos::harness {
namespace {

std::string failed_check_names(const RunReport& report) {
  std::string names;
  for (const auto& check : report.checks)
    if (!check.pass) names += (names.empty() ? "" : ", ") + check.name;
  return names.empty() ? "-" : names;
}

}  // namespace

const std::vector<std::string>& summary_counts() {
  static const std::vector<std::string> counts = {"lost",        "duplicated", "retries",
                                                  "silent_loss", "retried_4xx", "faults_injected"};
  return counts;
}

std::vector<std::string> summary_columns() {
  std::vector<std::string> columns = {"scenario", "client", "verdict"};
  columns.insert(columns.end(), summary_counts().begin(), summary_counts().end());
  columns.push_back("failed checks");
  return columns;
}

std::vector<std::string> summary_row(const RunReport& report) {
  std::vector<std::string> row = {report.scenario, client_label(report.client), verdict_label(report.verdict)};
  for (const auto& count : summary_counts()) row.push_back(count_text(report, count));
  row.push_back(report.verdict == "error"       ? "(error)"
                : report.verdict == "not_taken" ? "(MAY not taken)"
                                                : failed_check_names(report));
  return row;
}

std::string render_summary_markdown(const std::vector<RunReport>& reports) {
  std::size_t passed = 0, not_taken = 0;
  for (const auto& report : reports) {
    passed += report.verdict == "pass";
    not_taken += report.verdict == "not_taken";
  }
  std::string md = fmt::format("# rwchaos summary\n\n{} of {} scenarios passed{}.\n\n", passed, reports.size(),
                               not_taken ? fmt::format("; {} not taken (not a failure)", counted(not_taken, "MAY rule")) : "");
  const auto columns = summary_columns();
  md += markdown_header(columns);
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

  std::string mesh;
  std::string warnings;
  for (const auto& report : reports) {
    if (report.hop.is_object() && report.hop.value("kind", "") == "istio") {
      const Counts& c = report.counts;
      mesh += fmt::format("- **{}** ({}): mesh_replies {}, mesh_retries {}, response_flags {}\n", report.scenario,
                          client_label(report.client), c.mesh_replies, c.mesh_retries, nlohmann::json(c.response_flags).dump());
    }
    for (const auto& warning : report.warnings) warnings += fmt::format("- **{}**: {}\n", report.scenario, warning);
  }
  if (!mesh.empty())
    md += "\n## Mesh (hop istio: rwchaos sidecar, a model of Envoy as Istio configures it, not Envoy)\n\n" + mesh;
  if (!warnings.empty()) md += "\n## Warnings\n\n" + warnings;
  return md;
}

std::string render_console_table(const std::vector<RunReport>& reports) {
  std::vector<std::vector<std::string>> rows = {summary_columns()};
  for (const auto& report : reports) rows.push_back(summary_row(report));
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
  std::string text;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i)
      line += (i ? "  " : "") + row[i] + (i + 1 < row.size() ? std::string(widths[i] - display_width(row[i]), ' ') : "");
    text += line + "\n";
  }
  return text;
}

}  // namespace rwchaos::harness
