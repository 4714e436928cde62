#pragma once
// Finding a results folder's report.json files (one per scenario run below it).
#include <filesystem>
#include <vector>

namespace rwchaos::harness {

// Every regular file named report.json below `folder`, at any depth, sorted for a stable order.
// Throws std::filesystem::filesystem_error when the folder cannot be walked.
std::vector<std::filesystem::path> report_files_below(const std::filesystem::path& folder);

}  // namespace rwchaos::harness
