#pragma once
// `rwchaos matrix`: render report.json files (or results folders holding them) as a markdown matrix,
// and optionally as report.html (harness/reports/report_html.hpp) across every report found.
#include <string>
#include <vector>

namespace rwchaos::harness {
int matrix_command(const std::vector<std::string>& paths, const std::string& output_file,
                   const std::string& html_file = "");
}
