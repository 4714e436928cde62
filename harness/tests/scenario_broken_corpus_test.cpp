// Every file in data/broken/ fails with exactly the errors its header states (broken_corpus_support.hpp),
// each printed as `file:line:col: field 'F': ...`.
#include <gtest/gtest.h>

#include "harness/scenario/scenario_loader.hpp"
#include "harness/tests/broken_corpus_support.hpp"

namespace rwchaos::harness {
namespace {

using broken_corpus::files;
using broken_corpus::expected_errors;

TEST(ScenarioBrokenCorpus, HasAtLeastFifteenFiles) { EXPECT_GE(files().size(), 15u); }

TEST(ScenarioBrokenCorpus, SomeFilesHaveSeveralErrors) {
  std::size_t several = 0;
  for (const auto& path : files()) several += expected_errors(path).size() > 1;
  EXPECT_GE(several, 3u);
}

TEST(ScenarioBrokenCorpus, EveryFileFailsWithExactlyItsStatedErrors) {
  for (const auto& path : files()) {
    SCOPED_TRACE(path);
    const auto expected = expected_errors(path);
    ASSERT_FALSE(expected.empty()) << "first line must be `# error: LINE:COL FIELD`";
    try {
      load_scenario_file(path);
      ADD_FAILURE() << "loaded without error";
    } catch (const InvalidInput& error) {
      const auto errors = error.list().errors();
      const auto lines = error.list().lines();
      ASSERT_EQ(errors.size(), expected.size()) << error.what();
      for (std::size_t i = 0; i < errors.size(); ++i) {
        EXPECT_EQ(errors[i].file, path);
        EXPECT_EQ(errors[i].line, expected[i].line) << lines[i];
        EXPECT_EQ(errors[i].column, expected[i].column) << lines[i];
        EXPECT_EQ(errors[i].field, expected[i].field) << lines[i];
        const std::string prefix = path + ":" + std::to_string(expected[i].line) + ":" + std::to_string(expected[i].column) + ": ";
        EXPECT_EQ(lines[i].rfind(prefix, 0), 0u) << lines[i];
        if (!expected[i].field.empty()) {
          EXPECT_NE(lines[i].find("field '" + expected[i].field + "'"), std::string::npos) << lines[i];
        }
      }
    }
  }
}

}  // namespace
}  // namespace rwchaos::harness
