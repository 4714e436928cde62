// A fault entry whose action never acted tested nothing: listed with where it was written, unless
// the scenario's expect admits faults_injected 0.
#include <gtest/gtest.h>

#include "harness/checks/faults_acted.hpp"
#include "harness/scenario/scenario_loader.hpp"

namespace rwchaos::harness {
namespace {

Scenario scenario_with(const std::string& expect) {
  return load_scenario_text(
      "name: acted\n"
      "client: vmalert\n"
      "upstream: {idle_close: 2s}\n"
      "phases:\n"
      "  - at: 0s\n"
      "    faults: []\n"
      "  - at: 1s\n"
      "    faults:\n"
      "      - {action: respond, status: 503, when: {requests: \"3\"}}\n"
      "duration: 5s\n"
      "expect: " + expect + "\n",
      "acted.yaml");
}

Observations acting(std::map<std::string, std::uint64_t> by_action) {
  Observations o;
  o.faults_by_action = std::move(by_action);
  return o;
}

TEST(ChecksFaultsActed, EveryEntryIsListedWithWhereItWasWritten) {
  const auto entries = listed_faults(scenario_with("{lost: 0}"));
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].where, "phase 2");
  EXPECT_EQ(entries[0].action, "respond");
  EXPECT_EQ(entries[1].where, "upstream");
  EXPECT_EQ(entries[1].action, "idle_close");
  EXPECT_NE(entries[1].text.find("after: 2s"), std::string::npos) << entries[1].text;
}

TEST(ChecksFaultsActed, AnActionWithNoCountNeverActed) {
  const Scenario scenario = scenario_with("{lost: 0}");
  EXPECT_TRUE(never_acted(scenario, acting({{"respond", 1}, {"idle_close", 3}})).empty());
  const auto idle = never_acted(scenario, acting({{"respond", 2}}));
  ASSERT_EQ(idle.size(), 1u);
  EXPECT_EQ(idle[0].action, "idle_close");
  EXPECT_EQ(nothing_injected(idle),
            "nothing was injected: upstream: " + idle[0].text +
                " never acted (say `faults_injected: 0` in expect if that is intended)");
  EXPECT_EQ(never_acted(scenario, acting({})).size(), 2u);
}

TEST(ChecksFaultsActed, ExpectAdmittingNoFaultSaysItIsIntended) {
  EXPECT_FALSE(allows_no_faults(scenario_with("{lost: 0}")));
  EXPECT_FALSE(allows_no_faults(scenario_with("{faults_injected: {min: 1}}")));
  EXPECT_TRUE(allows_no_faults(scenario_with("{faults_injected: 0}")));
  EXPECT_TRUE(allows_no_faults(scenario_with("{faults_injected: {max: 3}}")));
}

TEST(ChecksFaultsActed, AScenarioWithoutFaultsListsNone) {
  const Scenario baseline = load_scenario_text("name: b\nclient: vmalert\nduration: 5s\nexpect: {lost: 0}\n", "b.yaml");
  EXPECT_TRUE(listed_faults(baseline).empty());
  EXPECT_TRUE(never_acted(baseline, acting({})).empty());
}

}  // namespace
}  // namespace rwchaos::harness
