// harness/ and faults/ as layers (docs/internals.md "Layers"): every include of a folder goes to the
// same folder or to a lower layer of its tree, so no include runs back up and no two folders include
// each other.
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
using Layers = std::map<std::string, int>;

const std::map<std::string, Layers>& layers_of_tree() {
  static const std::map<std::string, Layers> trees = {
      {"harness",
       {
           {"common", 1},  {"process", 1}, {"generator", 1}, {"counts", 1}, {"istio", 1},
           {"clients", 2}, {"mesh", 2},
           {"scenario", 3}, {"sender", 3},
           {"checks", 4},
           {"env", 5},     {"reports", 5},
           {"run", 6},     {"diff", 6},
           {"cli", 7},     {"soak", 7},    {"fuzz", 7},    {"bench", 7},
       }},
      {"faults",
       {
           {"config", 1},  {"remotewrite", 1},
           {"plan", 2},
           {"ledger", 3},
           {"engine", 4},
           {"catalogue", 5},
           {"control", 6}, {"bench", 6},   {"fuzz", 6},
           {"upstream", 7},
       }},
  };
  return trees;
}

struct Include {
  std::string file;
  int line = 0;
  std::string from, to;  // folders
};

std::vector<Include> includes_of(const std::string& tree) {
  const fs::path root = fs::path(RWCHAOS_SOURCE_DIR) / tree;
  const std::regex include_line("^\\s*#\\s*include\\s*\"" + tree + "/([^/\"]+)/");
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

TEST(Layers, EveryFolderHasALayer) {
  for (const auto& [tree, layers] : layers_of_tree()) {
    for (const auto& entry : fs::directory_iterator(fs::path(RWCHAOS_SOURCE_DIR) / tree)) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_directory() || name == "tests") continue;
      EXPECT_TRUE(layers.count(name)) << tree << "/" << name << " is in no layer of docs/internals.md";
    }
  }
}

TEST(Layers, NoIncludeRunsUpOrSideways) {
  for (const auto& [tree, layers] : layers_of_tree()) {
    const auto includes = includes_of(tree);
    ASSERT_GT(includes.size(), 100u) << tree;  // the walk found the code
    for (const auto& include : includes) {
      if (include.from == include.to) continue;
      const auto from = layers.find(include.from);
      const auto to = layers.find(include.to);
      if (from == layers.end() || to == layers.end()) continue;  // the test above names it
      EXPECT_LT(to->second, from->second) << tree << "/" << include.file << ":" << include.line << " includes " << tree
                                          << "/" << include.to << " (layer " << to->second << ") from layer "
                                          << from->second;
    }
  }
}

}  // namespace
}  // namespace rwchaos::harness
