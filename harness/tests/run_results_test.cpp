// Where results go and what the upstream is told per phase.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "harness/run/results_folder.hpp"
#include "harness/run/scenario_runner.hpp"

namespace rwchaos::harness {
namespace {

TEST(ResultsFolder, DefaultsToResultsTimestampName) {
  const auto time = std::chrono::system_clock::from_time_t(1795437861);  // 2026-11-23T12:44:21Z
  EXPECT_EQ(utc_stamp(time), "20261123T124421Z");
  EXPECT_EQ(results_root("", "uc503-after-commit", time), "results/20261123T124421Z-uc503-after-commit");
  EXPECT_EQ(results_root("/tmp/mine", "x", time), "/tmp/mine");
}

TEST(ResultsFolder, NamesBecomeOnePathComponent) {
  EXPECT_EQ(path_safe("a/b c"), "a-b-c");
  EXPECT_EQ(path_safe(".."), "run");
  EXPECT_EQ(path_safe(""), "run");
  EXPECT_EQ(path_safe("ok_name-1.2"), "ok_name-1.2");
}

TEST(PhasePlan, IsYamlWithTheSeedAndTheFaults) {
  const YAML::Node plan = YAML::Load(plan_yaml(42, "[{action: respond, status: 503}]"));
  EXPECT_EQ(plan["seed"].as<int>(), 42);
  ASSERT_EQ(plan["faults"].size(), 1u);
  EXPECT_EQ(plan["faults"][0]["status"].as<int>(), 503);
  EXPECT_EQ(YAML::Load(plan_yaml(1, ""))["faults"].size(), 0u);
}

}  // namespace
}  // namespace rwchaos::harness
