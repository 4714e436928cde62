// Where results go.
#include <gtest/gtest.h>

#include "harness/run/results_folder.hpp"

namespace rwchaos::harness {
namespace {

TEST(ResultsFolder, DefaultsToResultsTimestampName) {
  const auto time = std::chrono::system_clock::from_time_t(1795437861);  // 2026-11-23T12:44:21Z
  EXPECT_EQ(utc_stamp(time), "20261123T124421Z");
  EXPECT_EQ(default_results_path("uc503-after-commit", time), "results/20261123T124421Z-uc503-after-commit");
  EXPECT_EQ(results_root("/tmp/mine", "x", time), "/tmp/mine");
}

TEST(ResultsFolder, NamesBecomeOnePathComponent) {
  EXPECT_EQ(path_safe("a/b c"), "a-b-c");
  EXPECT_EQ(path_safe(".."), "run");
  EXPECT_EQ(path_safe(""), "run");
  EXPECT_EQ(path_safe("ok_name-1.2"), "ok_name-1.2");
}

TEST(ResultsFolder, EveryScenarioGetsItsOwnFolderEvenAlone) {
  // One layout for one scenario or many: DIR/<scenario>/, never DIR itself.
  EXPECT_EQ(scenario_folders("/r", {"uc503"}), (std::vector<std::filesystem::path>{"/r/uc503"}));
  EXPECT_EQ(scenario_folders("/r", {"b", "a"}), (std::vector<std::filesystem::path>{"/r/b", "/r/a"}));
}

}  // namespace
}  // namespace rwchaos::harness
