#include "harness/reports/matrix_command.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "harness/common/exit_codes.hpp"
#include "harness/reports/matrix.hpp"
#include "harness/reports/report_files.hpp"
#include "harness/reports/report_html.hpp"
#include "harness/reports/report_json.hpp"
#include "harness/reports/scenario_results.hpp"

namespace rwchaos::harness {

namespace fs = std::filesystem;

namespace {
// A results folder holds one report.json per scenario below it; sorted for a stable order.
std::vector<std::string> report_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    if (fs::is_directory(path)) {
      const auto found = report_files_below(path);
      if (found.empty()) throw std::runtime_error(path + ": no report.json below this folder");
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path)) {
      files.push_back(path);
    } else {
      throw std::runtime_error(path + ": no such file or folder");
    }
  }
  return files;
}

// Every report found, in the order of the scenario files (a suite's 01-, 02-, ... order; results
// folders sort by scenario name), then of the paths given (the matrix's client columns).
// The timelines and ledgers only for a page.
std::vector<ScenarioResults> read_in_suite_order(const std::vector<std::string>& files, const fs::path& page_dir,
                                                 bool for_page) {
  std::vector<ScenarioResults> results;
  for (const auto& file : files) {
    if (for_page) {
      results.push_back(read_scenario_results(fs::path(file).parent_path(), page_dir));
    } else {
      results.emplace_back();
      results.back().report = read_report_json(file);
    }
  }
  std::stable_sort(results.begin(), results.end(),
                   [](const auto& a, const auto& b) { return a.report.file < b.report.file; });
  return results;
}

std::string page_title(const std::vector<std::string>& paths) {
  if (paths.size() != 1) return "matrix";
  const fs::path first = fs::absolute(paths.front()).lexically_normal();
  return first.filename().empty() ? first.parent_path().filename().string() : first.filename().string();
}

void write_text(const std::string& file, const std::string& text) {
  std::ofstream out(file);
  if (!(out << text)) throw std::runtime_error(file + ": cannot write");
}

}  // namespace

int matrix_command(const std::vector<std::string>& paths, const std::string& output_file, const std::string& html_file) {
  try {
    const fs::path page_dir = fs::absolute(html_file.empty() ? "." : html_file).parent_path();
    const auto results = read_in_suite_order(report_files(paths), page_dir, !html_file.empty());
    std::vector<RunReport> reports;
    for (const auto& result : results) reports.push_back(result.report);
    const std::string markdown = render_matrix(reports);
    if (output_file.empty())
      std::cout << markdown;
    else
      write_text(output_file, markdown);
    if (!html_file.empty()) write_text(html_file, render_report_html(results, page_title(paths)));
    return exit_pass;
  } catch (const std::exception& error) {
    std::cerr << "rwchaos matrix: " << error.what() << "\n";
    return exit_bad_input;
  }
}

}  // namespace rwchaos::harness
