#include "harness/reports/matrix_command.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "harness/common/exit_codes.hpp"
#include "harness/reports/matrix.hpp"
#include "harness/reports/report_html.hpp"
#include "harness/reports/scenario_results.hpp"

namespace rwchaos::harness {

namespace fs = std::filesystem;

namespace {
// A results folder holds one report.json per scenario below it; sorted for a stable order.
std::vector<std::string> report_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    if (fs::is_directory(path)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(path)) {
        if (entry.is_regular_file() && entry.path().filename() == "report.json") found.push_back(entry.path());
      }
      std::sort(found.begin(), found.end());
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

// One page for every report found; each report's folder supplies its timeline and requests.
void write_html(const std::vector<std::string>& files, const std::string& html_file, const std::string& title) {
  const fs::path page_dir = fs::absolute(html_file).parent_path();
  std::vector<ScenarioResults> scenarios;
  for (const auto& file : files) scenarios.push_back(read_scenario_results(fs::path(file).parent_path(), page_dir));
  std::ofstream out(html_file);
  if (!(out << render_report_html(scenarios, title))) throw std::runtime_error(html_file + ": cannot write");
}

}  // namespace

int matrix_command(const std::vector<std::string>& paths, const std::string& output_file, const std::string& html_file) {
  try {
    const auto files = report_files(paths);
    const auto markdown = render_matrix_files(files);
    if (output_file.empty()) {
      std::cout << markdown;
    } else {
      std::ofstream out(output_file);
      if (!(out << markdown)) throw std::runtime_error(output_file + ": cannot write");
    }
    if (!html_file.empty()) {
      const fs::path first = fs::absolute(paths.front()).lexically_normal();
      const std::string name = first.filename().empty() ? first.parent_path().filename().string() : first.filename().string();
      write_html(files, html_file, paths.size() == 1 ? name : "matrix");
    }
    return exit_pass;
  } catch (const std::exception& error) {
    std::cerr << "rwchaos matrix: " << error.what() << "\n";
    return exit_bad_input;
  }
}

}  // namespace rwchaos::harness
