#include "harness/diff/baseline_command.hpp"

#include <fstream>
#include <iostream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "harness/common/counted.hpp"
#include "harness/common/exit_codes.hpp"
#include "harness/diff/results_side.hpp"
#include "harness/reports/report_files.hpp"
#include "harness/reports/report_json.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;

// Old report.json files go, and the folders they leave empty; nothing else is touched.
void remove_old_reports(const fs::path& baseline) {
  for (const auto& file : report_files_below(baseline)) {
    fs::remove(file);
    for (fs::path folder = file.parent_path(); folder != baseline && fs::is_empty(folder); folder = folder.parent_path())
      fs::remove(folder);
  }
}

// One inside the other (or the same): replacing the baseline's reports would delete the results'.
bool nested(const fs::path& a, const fs::path& b) {
  const fs::path x = fs::weakly_canonical(a), y = fs::weakly_canonical(b);
  const auto inside = [](const fs::path& outer, const fs::path& inner) {
    const fs::path relative = inner.lexically_relative(outer);
    return !relative.empty() && *relative.begin() != "..";
  };
  return inside(x, y) || inside(y, x);
}

nlohmann::json portable(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  nlohmann::json report = nlohmann::json::parse(in);  // read_results_side has checked it
  if (report.contains("client") && report["client"].is_object()) report["client"].erase("binary");
  return report;
}

}  // namespace

int baseline_command(const std::string& results, const std::string& baseline) {
  try {
    const ResultsSide side = read_results_side(results);
    const fs::path root(baseline);
    if (nested(results, root))
      throw std::runtime_error(fmt::format("{} and {}: the baseline must be a folder apart from the results", baseline, results));
    fs::create_directories(root);
    remove_old_reports(root);
    for (const auto& entry : side.reports) {
      const fs::path target = root / entry.file.lexically_relative(results);
      fs::create_directories(target.parent_path());
      write_report_json(portable(entry.file), target.string());
    }
    std::cout << fmt::format("baseline {}: {} from {}\n", baseline, counted(side.reports.size(), "report.json file"), results);
    return exit_pass;
  } catch (const std::exception& error) {
    std::cerr << "rwchaos baseline: " << error.what() << "\n";
    return exit_bad_input;
  }
}

}  // namespace rwchaos::harness
