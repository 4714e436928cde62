// Every file in data/broken/ says on its first line where its error must be:
// `# error: LINE:COL FIELD` (FIELD `-` when the error names no field, e.g. YAML syntax).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>

#include <gtest/gtest.h>

#include "harness/scenario/scenario_loader.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;
const std::string broken_dir = std::string(RWCHAOS_SOURCE_DIR) + "/harness/tests/data/broken";

struct Expected {
  int line = 0, column = 0;
  std::string field;
};

Expected expected_of(const std::string& path) {
  std::ifstream in(path);
  std::string first;
  std::getline(in, first);
  std::smatch m;
  static const std::regex header(R"(# error: (\d+):(\d+) (\S+))");
  if (!std::regex_match(first, m, header)) return {};
  return {std::stoi(m[1]), std::stoi(m[2]), m[3] == "-" ? "" : m[3].str()};
}

std::vector<std::string> corpus() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(broken_dir)) files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ScenarioBrokenCorpus, HasAtLeastFifteenFiles) { EXPECT_GE(corpus().size(), 15u); }

TEST(ScenarioBrokenCorpus, EveryFileFailsAtItsStatedLineColumnAndField) {
  for (const auto& path : corpus()) {
    SCOPED_TRACE(path);
    const Expected expected = expected_of(path);
    ASSERT_GT(expected.line, 0) << "first line must be `# error: LINE:COL FIELD`";
    try {
      load_scenario_file(path);
      ADD_FAILURE() << "loaded without error";
    } catch (const ScenarioLoadError& error) {
      EXPECT_EQ(error.error().file, path);
      EXPECT_EQ(error.error().line, expected.line) << error.what();
      EXPECT_EQ(error.error().column, expected.column) << error.what();
      EXPECT_EQ(error.error().field, expected.field) << error.what();
      const std::string prefix = path + ":" + std::to_string(expected.line) + ":" + std::to_string(expected.column) + ": ";
      EXPECT_EQ(std::string(error.what()).rfind(prefix, 0), 0u) << error.what();
      if (!expected.field.empty()) {
        EXPECT_NE(std::string(error.what()).find("field '" + expected.field + "'"), std::string::npos) << error.what();
      }
    }
  }
}

}  // namespace
}  // namespace rwchaos::harness
