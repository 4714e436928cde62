#pragma once
// The broken-scenario corpus (data/broken/): each file states on its first lines every error it
// must produce, in place order, one `# error: LINE:COL FIELD` line each (FIELD `-` when the error
// names no field, e.g. YAML syntax).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace rwchaos::harness::broken_corpus {

inline const std::string broken_dir = std::string(RWCHAOS_SOURCE_DIR) + "/harness/tests/data/broken";

struct ExpectedError {
  int line = 0, column = 0;
  std::string field;
};

inline std::vector<ExpectedError> expected_errors(const std::string& path) {
  static const std::regex header(R"(# error: (\d+):(\d+) (\S+))");
  std::ifstream in(path);
  std::vector<ExpectedError> expected;
  std::smatch m;
  for (std::string line; std::getline(in, line) && std::regex_match(line, m, header);)
    expected.push_back({std::stoi(m[1]), std::stoi(m[2]), m[3] == "-" ? "" : m[3].str()});
  return expected;
}

inline std::vector<std::string> files() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(broken_dir)) files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace rwchaos::harness::broken_corpus
