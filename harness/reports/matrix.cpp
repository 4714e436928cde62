#include "harness/reports/matrix.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "harness/reports/markdown_table.hpp"
#include "harness/reports/text_width.hpp"
#include "harness/reports/verdict_text.hpp"

namespace rwchaos::harness {

const std::vector<std::pair<std::string, std::string>>& matrix_counts() {
  static const std::vector<std::pair<std::string, std::string>> counts = {
      {"lost", "lost"}, {"duplicated", "dup"}, {"retries", "retries"}, {"silent_loss", "silent"}};
  return counts;
}

namespace {

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// The verdict (in bold unless a pass or a MAY rule not taken), then the counts.
std::string cell(const RunReport& report) {
  const std::string verdict = report.verdict == "pass"        ? "pass"
                              : report.verdict == "not_taken" ? "not taken"
                                                              : "**" + verdict_label(report.verdict) + "**";
  return verdict + " · " + matrix_cell_counts(report);
}

}  // namespace

MatrixLayout matrix_layout(const std::vector<RunReport>& reports) {
  MatrixLayout layout;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const RunReport& report = reports[i];
    add_unique(layout.scenarios, report.scenario);
    add_unique(layout.clients, client_label(report.client));
    layout.cells[{report.scenario, client_label(report.client)}] = i;
    if (report.rule) layout.level[report.scenario] = report.rule->level;
  }
  return layout;
}

std::string matrix_cell_counts(const RunReport& report) {
  std::string text;
  for (const auto& [count, label] : matrix_counts())
    text += fmt::format("{}{} {}", text.empty() ? "" : " · ", label, count_text(report, count));
  return text;
}

std::string render_matrix(const std::vector<RunReport>& reports) {
  const MatrixLayout layout = matrix_layout(reports);
  std::vector<std::vector<std::string>> rows = {{"scenario", "level"}};
  rows[0].insert(rows[0].end(), layout.clients.begin(), layout.clients.end());
  for (const auto& scenario : layout.scenarios) {
    const auto level = layout.level.find(scenario);
    std::vector<std::string> row = {scenario, level == layout.level.end() ? "-" : level->second};
    for (const auto& client : layout.clients) {
      const auto found = layout.cells.find({scenario, client});
      row.push_back(found == layout.cells.end() ? std::string("–") : cell(reports[found->second]));
    }
    rows.push_back(std::move(row));
  }
  for (auto& row : rows)
    for (auto& text : row) text = markdown_cell(text);
  // Cells padded to their column's width: the same Markdown, and a table on a terminal too.
  std::vector<std::size_t> widths(rows[0].size(), 3);
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
  auto line = [&](const std::vector<std::string>& row) {
    std::string text = "|";
    for (std::size_t i = 0; i < row.size(); ++i) text += " " + row[i] + std::string(widths[i] - display_width(row[i]), ' ') + " |";
    return text + "\n";
  };
  std::string md = line(rows[0]);
  std::vector<std::string> rule;
  for (const auto width : widths) rule.push_back(std::string(width, '-'));
  md += line(rule);
  for (std::size_t i = 1; i < rows.size(); ++i) md += line(rows[i]);
  return md;
}

}  // namespace rwchaos::harness
