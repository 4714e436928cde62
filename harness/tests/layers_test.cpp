// harness/ as layers (docs/internals.md "Layers"): every include of a harness folder goes to the
// same folder or to a lower layer, so no include runs back up and no two folders include each other.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;

// Lower number = lower layer. A folder may include its own files and any folder of a lower number.
const std::map<std::string, int>& layer_of_folder() {
  static const std::map<std::string, int> layers = {
      {"common", 1},  {"process", 1}, {"generator", 1}, {"counts", 1}, {"istio", 1},
      {"clients", 2},
      {"scenario", 3},
      {"checks", 4},  {"mesh", 4},
      {"env", 5},     {"reports", 5},
      {"run", 6},
      {"cli", 7},     {"soak", 7},    {"fuzz", 7},    {"bench", 7},
  };
  return layers;
}

struct Include {
  std::string file;
  int line = 0;
  std::string from, to;  // folders
};

std::vector<Include> harness_includes() {
  const fs::path root = fs::path(RWCHAOS_SOURCE_DIR) / "harness";
  const std::regex include_line(R"re(^\s*#\s*include\s*"harness/([^/"]+)/)re");
  std::vector<Include> found;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const fs::path relative = entry.path().lexically_relative(root);
    const std::string folder = relative.begin()->string();
    const std::string extension = entry.path().extension().string();
    if (!entry.is_regular_file() || folder == "tests" || (extension != ".cpp" && extension != ".hpp")) continue;
    std::ifstream in(entry.path());
    int number = 0;
    for (std::string line; std::getline(in, line);) {
      ++number;
      std::smatch match;
      if (std::regex_search(line, match, include_line)) found.push_back({relative.string(), number, folder, match[1]});
    }
  }
  return found;
}

TEST(Layers, EveryHarnessFolderHasALayer) {
  for (const auto& entry : fs::directory_iterator(fs::path(RWCHAOS_SOURCE_DIR) / "harness")) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_directory() || name == "tests") continue;
    EXPECT_TRUE(layer_of_folder().count(name)) << "harness/" << name << " is in no layer of docs/internals.md";
  }
}

TEST(Layers, NoIncludeRunsUpOrSideways) {
  const auto includes = harness_includes();
  ASSERT_GT(includes.size(), 100u);  // the walk found the code
  for (const auto& include : includes) {
    if (include.from == include.to) continue;
    const auto from = layer_of_folder().find(include.from);
    const auto to = layer_of_folder().find(include.to);
    if (from == layer_of_folder().end() || to == layer_of_folder().end()) continue;  // the test above names it
    EXPECT_LT(to->second, from->second) << "harness/" << include.file << ":" << include.line << " includes harness/"
                                        << include.to << " (layer " << to->second << ") from layer " << from->second;
  }
}

}  // namespace
}  // namespace rwchaos::harness
