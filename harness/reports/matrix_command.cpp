#include "harness/reports/matrix_command.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "harness/common/exit_codes.hpp"
#include "harness/reports/matrix.hpp"
#include "harness/reports/report_files.hpp"

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
}  // namespace

int matrix_command(const std::vector<std::string>& paths, const std::string& output_file) {
  try {
    const auto markdown = render_matrix_files(report_files(paths));
    if (output_file.empty()) {
      std::cout << markdown;
    } else {
      std::ofstream out(output_file);
      if (!(out << markdown)) throw std::runtime_error(output_file + ": cannot write");
    }
    return exit_pass;
  } catch (const std::exception& error) {
    std::cerr << "rwchaos matrix: " << error.what() << "\n";
    return exit_bad_input;
  }
}

}  // namespace rwchaos::harness
