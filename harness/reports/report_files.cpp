#include "harness/reports/report_files.hpp"

#include <algorithm>

namespace rwchaos::harness {

std::vector<std::filesystem::path> report_files_below(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder))
    if (entry.is_regular_file() && entry.path().filename() == "report.json") found.push_back(entry.path());
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace rwchaos::harness
