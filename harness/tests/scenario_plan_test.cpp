// The plans the runner will PUT are accepted by the upstream's own plan parser, with the same faults.
#include <gtest/gtest.h>

#include "faults/catalogue/parse_plan.hpp"
#include "harness/scenario/scenario_loader.hpp"
#include "harness/scenario/scenario_plan.hpp"
#include "harness/tests/good_scenarios.hpp"

namespace rwchaos::harness {
namespace {

TEST(ScenarioPlan, EveryPhasePlanParsesInTheUpstream) {
  for (const char* name : {"full.yaml", "minimal.yaml", "command.yaml"}) {
    const Scenario s = load_scenario_file(test::good_scenarios_dir + name);
    for (const auto& phase : s.phases) {
      const std::string text = phase_plan_yaml(s, phase);
      SCOPED_TRACE(text);
      faults::engine::Plan plan;
      ASSERT_NO_THROW(plan = faults::catalogue::parse_plan(text, "plan"));
      EXPECT_EQ(plan.seed, s.seed);
    }
    EXPECT_NO_THROW(faults::catalogue::parse_plan(settle_plan_yaml(s), "plan"));
  }
}

TEST(ScenarioPlan, PlansCarryThePhaseFaultsThenTheUpstreamOnes) {
  const Scenario s = load_scenario_file(test::good_scenarios_dir + "full.yaml");
  const auto first = faults::catalogue::parse_plan(phase_plan_yaml(s, s.phases[0]), "plan");
  ASSERT_EQ(first.faults.size(), 2u);
  EXPECT_EQ(first.faults[0].action, "respond");
  EXPECT_EQ(first.faults[1].action, "idle_close");
  EXPECT_EQ(first.seed, 42u);
  const auto settle = faults::catalogue::parse_plan(settle_plan_yaml(s), "plan");
  ASSERT_EQ(settle.faults.size(), 1u);
  EXPECT_EQ(settle.faults[0].action, "idle_close");
  EXPECT_EQ(faults::catalogue::parse_plan(settle_plan_yaml(load_scenario_file(test::good_scenarios_dir + "minimal.yaml")), "plan").faults.size(), 0u);
}

}  // namespace
}  // namespace rwchaos::harness
