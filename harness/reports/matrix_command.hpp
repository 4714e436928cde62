#pragma once
// `rwchaos matrix`: render report.json files (or results folders holding them) as a markdown matrix.
#include <string>
#include <vector>

namespace rwchaos::harness {
int matrix_command(const std::vector<std::string>& paths, const std::string& output_file);
}
