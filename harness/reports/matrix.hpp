#pragma once
// The conformance matrix: scenario rows x client columns, pass/fail and key counts per cell.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "harness/reports/run_report.hpp"

namespace rwchaos::harness {

// The counts a cell shows: (report.json name, short label in the cell).
const std::vector<std::pair<std::string, std::string>>& matrix_counts();

// Rows and columns in order of first appearance; a later report for the same cell replaces an
// earlier one. Markdown and report.html draw the same layout.
struct MatrixLayout {
  std::vector<std::string> scenarios, clients;
  std::map<std::pair<std::string, std::string>, std::size_t> cells;  // (scenario, client) -> report index
  std::map<std::string, std::string> level;                         // scenario -> its rule's level
};
MatrixLayout matrix_layout(const std::vector<RunReport>& reports);
// "lost 0 · dup 2 · retries 3 · silent 0", "—" for each count when nothing was measured.
std::string matrix_cell_counts(const RunReport& report);

// Markdown; cells without a report show "–".
std::string render_matrix(const std::vector<RunReport>& reports);

}  // namespace rwchaos::harness
