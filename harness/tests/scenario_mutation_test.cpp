// Bad input never crashes: thousands of seeded mutations of good scenario files either load or fail
// with an InvalidInput whose every error names the file; no other exception escapes.
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>

#include "harness/scenario/scenario_loader.hpp"
#include "harness/tests/good_scenarios.hpp"

namespace rwchaos::harness {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string mutate(std::string text, std::mt19937& random) {
  static const std::string alphabet = ":{}[]-,\"' \n#&*!|>0123456789smx.";
  const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
  for (std::size_t edits = 1 + pick(3); edits > 0 && !text.empty(); --edits) {
    const std::size_t at = pick(text.size());
    switch (pick(4)) {
      case 0: text.erase(at, 1 + pick(4)); break;
      case 1: text.insert(at, 1, alphabet[pick(alphabet.size())]); break;
      case 2: text[at] = alphabet[pick(alphabet.size())]; break;
      default: text.insert(at, std::string(400, '9')); break;  // absurd numbers
    }
  }
  return text;
}

TEST(ScenarioMutation, MutatedFilesLoadOrFailWithALocatedError) {
  const std::string& dir = test::good_scenarios_dir;
  std::mt19937 random(20261123);
  std::size_t loaded = 0, rejected = 0;
  for (const char* name : {"full.yaml", "command.yaml", "minimal.yaml"}) {
    const std::string original = read(dir + name);
    for (int i = 0; i < 700; ++i) {
      const std::string text = mutate(original, random);
      try {
        load_scenario_text(text, "m.yaml");
        ++loaded;
      } catch (const InvalidInput& error) {
        ++rejected;
        for (const auto& line : error.list().lines()) EXPECT_EQ(line.rfind("m.yaml:", 0), 0u) << line;
      } catch (const std::exception& other) {
        ADD_FAILURE() << "escaped: " << other.what() << "\n--- input ---\n" << text;
      }
    }
  }
  EXPECT_GT(rejected, 100u);  // the mutations do break files
  EXPECT_GT(loaded, 10u);     // and some still load
}

}  // namespace
}  // namespace rwchaos::harness
