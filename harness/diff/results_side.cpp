#include "harness/diff/results_side.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "harness/reports/report_files.hpp"
#include "harness/reports/report_json.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t deepest_layout = 2;

// Folders between the results folder and a report.json: 0 for FOLDER/report.json.
std::size_t depth_below(const fs::path& folder, const fs::path& file) {
  const fs::path relative = file.parent_path().lexically_relative(folder);
  std::size_t depth = 0;
  for (const auto& part : relative)
    if (part != ".") ++depth;
  return depth;
}

std::string layout_name(std::size_t depth) {
  switch (depth) {
    case 0: return "FOLDER/report.json";
    case 1: return "FOLDER/<scenario>/report.json";
    default: return "FOLDER/<run>/<scenario>/report.json";
  }
}

void check_one_layout(const std::string& folder, const std::vector<fs::path>& files) {
  const std::size_t first = depth_below(folder, files.front());
  for (const auto& file : files) {
    const std::size_t depth = depth_below(folder, file);
    if (depth > deepest_layout)
      throw std::runtime_error(fmt::format(
          "{}: report.json deeper than a results folder holds; expected {}, {} or {}", file.string(),
          layout_name(0), layout_name(1), layout_name(2)));
    if (depth != first)
      throw std::runtime_error(fmt::format("{}: mixed layouts: {} is {} but {} is {}; diff one results folder at a time",
                                           folder, files.front().string(), layout_name(first), file.string(),
                                           layout_name(depth)));
  }
}

}  // namespace

ResultsSide read_results_side(const std::string& folder) {
  std::error_code error;
  if (!fs::is_directory(folder, error)) throw std::runtime_error(folder + ": no such folder");
  std::vector<fs::path> files;
  try {
    files = report_files_below(folder);
  } catch (const fs::filesystem_error& walk_error) {
    throw std::runtime_error(folder + ": cannot read: " + walk_error.code().message());
  }
  if (files.empty()) throw std::runtime_error(folder + ": no report.json below this folder (not a results folder?)");
  check_one_layout(folder, files);
  ResultsSide side{folder, {}};
  for (const auto& file : files) side.reports.push_back({file, read_report_json(file.string())});
  return side;
}

}  // namespace rwchaos::harness
