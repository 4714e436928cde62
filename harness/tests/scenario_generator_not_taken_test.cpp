// The loader's `generator:` and `not_taken:` sections: read when valid, refused with the field named.
#include <gtest/gtest.h>

#include "harness/scenario/scenario_loader.hpp"

namespace rwchaos::harness {
namespace {

const std::string may_rule = "rule: {text: Senders MAY retry 429, level: MAY, source: https://example.invalid}\n";

std::string error_of(const std::string& text) {
  try {
    load_scenario_text(text, "x.yaml");
  } catch (const InvalidInput& error) {
    return error.what();
  }
  ADD_FAILURE() << "loaded without error:\n" << text;
  return {};
}

TEST(ScenarioGenerator, StoppingSeriesIsRead) {
  const Scenario s = load_scenario_text("name: x\nclient: vmalert\nduration: 7s\ngenerator: {stopping_series: 3s}\nexpect: {lost: 0}\n", "x.yaml");
  EXPECT_EQ(s.generator.stopping_series, Duration(3000));
}

TEST(ScenarioGenerator, AbsentMeansNoStoppingSeries) {
  const Scenario s = load_scenario_text("name: x\nclient: vmalert\nexpect: {lost: 0}\n", "x.yaml");
  EXPECT_EQ(s.generator.stopping_series.count(), 0);
}

TEST(ScenarioGenerator, StoppingAfterTheRunEndsIsRefused) {
  EXPECT_EQ(error_of("name: x\nclient: vmalert\nduration: 5s\ngenerator: {stopping_series: 5s}\nexpect: {lost: 0}\n"),
            "x.yaml:4:30: field 'generator.stopping_series': must be earlier than duration (5000 ms), got 5000 ms");
}

TEST(ScenarioGenerator, UnknownKeyAndCommandClientAreRefused) {
  EXPECT_NE(error_of("name: x\nclient: vmalert\ngenerator: {stoping_series: 1s}\nexpect: {lost: 0}\n").find("generator.stoping_series"),
            std::string::npos);
  EXPECT_NE(error_of("name: x\nclient: {kind: command, command: [\"true\"]}\ngenerator: {stopping_series: 1s}\nexpect: {lost: 0}\n")
                .find("a command client has no generator"),
            std::string::npos);
}

TEST(ScenarioNotTaken, ReadForAMayRule) {
  const Scenario s = load_scenario_text("name: x\n" + may_rule + "client: vmalert\nexpect: {retried_429: {min: 1}}\nnot_taken: {retried_429: 0, lost: {min: 1}}\n", "x.yaml");
  ASSERT_EQ(s.not_taken.size(), 2u);
  EXPECT_EQ(s.not_taken.at("retried_429").max, 0.0);
  EXPECT_EQ(s.not_taken.at("lost").min, 1.0);
  EXPECT_FALSE(s.not_taken.at("lost").max);
}

TEST(ScenarioNotTaken, RefusedForAMustOrWithoutRule) {
  EXPECT_NE(error_of("name: x\nrule: {text: t, level: MUST, source: https://example.invalid}\nclient: vmalert\nexpect: {lost: 0}\nnot_taken: {lost: 1}\n")
                .find("field 'not_taken': only for a scenario whose rule.level is MAY"),
            std::string::npos);
  EXPECT_NE(error_of("name: x\nclient: vmalert\nexpect: {lost: 0}\nnot_taken: {lost: 1}\n").find("only for a scenario whose rule.level is MAY"),
            std::string::npos);
}

TEST(ScenarioNotTaken, UnknownCountAndEmptyMapAreRefused) {
  EXPECT_NE(error_of("name: x\n" + may_rule + "client: vmalert\nexpect: {lost: 0}\nnot_taken: {retried_42: 0}\n").find("did you mean 'retried_429'?"),
            std::string::npos);
  EXPECT_NE(error_of("name: x\n" + may_rule + "client: vmalert\nexpect: {lost: 0}\nnot_taken: {}\n").find("field 'not_taken'"), std::string::npos);
}

}  // namespace
}  // namespace rwchaos::harness
