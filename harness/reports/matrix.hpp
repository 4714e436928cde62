#pragma once
// The conformance matrix: scenario rows x client columns, pass/fail and key counts per cell.
#include <string>
#include <vector>

#include "harness/reports/run_report.hpp"

namespace rwchaos::harness {

// Rows and columns in order of first appearance; a later report for the same cell replaces an
// earlier one. Cells without a report show "–".
std::string render_matrix(const std::vector<RunReport>& reports);
// Reads each report.json (throws std::runtime_error naming a bad file), then render_matrix.
std::string render_matrix_files(const std::vector<std::string>& report_paths);

}  // namespace rwchaos::harness
