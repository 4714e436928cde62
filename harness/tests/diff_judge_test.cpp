#include <algorithm>
// Judging one scenario between BASE and NEW (docs/ci.md "What counts as worse").
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "diff_support.hpp"
#include "harness/diff/diffed_counts.hpp"
#include "harness/diff/judge_change.hpp"

namespace rwchaos::harness {
namespace {

using test::scenario_report;

ScenarioChange judge(const RunReport& base, const RunReport& next) {
  static std::vector<SideReport> keep;  // the pair points into it
  keep.clear();
  keep.reserve(2);
  keep.push_back({"base/report.json", base});
  keep.push_back({"new/report.json", next});
  return judge_change({base.scenario, &keep[0], &keep[1]});
}

const DiffedCount& diffed(const std::string& name) {
  for (const auto& count : diffed_counts())
    if (count.name == name) return count;
  throw std::logic_error(name);
}

TEST(DiffJudge, TheSameRunIsNoChange) {
  const auto change = judge(scenario_report("a", 0, 2, 3), scenario_report("a", 0, 2, 3));
  EXPECT_FALSE(change.regressed());
  EXPECT_FALSE(change.shown());
  EXPECT_TRUE(change.within_tolerance.empty());
}

TEST(DiffJudge, PassToFailAndLostGrowingAreWorse) {
  const auto change = judge(scenario_report("a"), scenario_report("a", 2));
  ASSERT_TRUE(change.regressed());
  EXPECT_EQ(change.worse, (std::vector<std::string>{"verdict pass → fail (lost)", "lost 0 → 2"}));
  const auto back = judge(scenario_report("a", 2), scenario_report("a"));
  EXPECT_FALSE(back.regressed());
  EXPECT_EQ(back.better, (std::vector<std::string>{"verdict fail → pass", "lost 2 → 0"}));
}

// vmalert 1.79.5 -> 1.112.0 in no-retry-400: 1.79.5 retried the 400 until the receiver took it;
// 1.112.0 drops the batch (app/vmalert/remotewrite/client.go, Client.send: nonRetriableError) and
// counts it in vmalert_remotewrite_dropped_rows_total.
TEST(DiffJudge, LostFromAReportedDropOfA4xxRefusedBatchIsNotARegression) {
  RunReport retried = scenario_report("no-retry-400");
  retried.counts.retried_4xx = 1;
  retried.checks = {{"retried_4xx", 0, 1, false}};
  retried.verdict = "fail";
  RunReport dropped = scenario_report("no-retry-400");
  dropped.counts.lost = 1;
  dropped.counts.client_dropped = 1;
  dropped.checks = {{"retried_4xx", 0, 0, true}};
  dropped.verdict = "pass";
  auto change = judge(retried, dropped);
  EXPECT_FALSE(change.regressed()) << ::testing::PrintToString(change.worse);
  EXPECT_EQ(change.better, (std::vector<std::string>{"verdict fail → pass", "retried_4xx 1 → 0"}));
  EXPECT_EQ(change.changed.size(), 1u);
  EXPECT_EQ(judge(dropped, retried).worse,
            (std::vector<std::string>{"verdict pass → fail (retried_4xx)", "retried_4xx 0 → 1"}));

  // The same lost increase, unreported, is a regression: silent_loss grew.
  RunReport silent = dropped;
  silent.counts.client_dropped = 0;
  silent.counts.silent_loss = 1;
  change = judge(retried, silent);
  EXPECT_EQ(change.worse, (std::vector<std::string>{"lost 0 → 1", "silent_loss 0 → 1"}));
}

TEST(DiffJudge, SilentLossGrowingIsWorseEvenWhenTheVerdictHolds) {
  RunReport base = scenario_report("a", 3), next = scenario_report("a", 3);
  base.counts.silent_loss = 0;
  next.counts.silent_loss = 1;
  EXPECT_EQ(judge(base, next).worse, (std::vector<std::string>{"silent_loss 0 → 1"}));
}

TEST(DiffJudge, ErrorIsWorseThanFailAndItsZerosAreNotCounts) {
  RunReport failed = scenario_report("a", 4);
  RunReport erred = scenario_report("a");
  erred.verdict = "error";
  erred.error = "vmalert: binary not found";
  erred.checks.clear();
  erred.counts = {};
  erred.measured = false;  // as the runner reports an error before any count
  auto change = judge(failed, erred);
  EXPECT_EQ(change.worse, (std::vector<std::string>{"verdict fail → error (vmalert: binary not found)"}));
  change = judge(erred, failed);
  EXPECT_TRUE(change.worse.empty());  // lost 0 → 4 is not a growth: the error counted nothing
  EXPECT_EQ(change.better, (std::vector<std::string>{"verdict error → fail"}));
}

TEST(DiffJudge, ACheckThatTurnsFailingInAFailingScenarioIsWorse) {
  RunReport base = scenario_report("a");
  base.checks = {{"retried_4xx", 0, 1, false}, {"backoff_growth", nlohmann::json{{"min", 1.5}}, 2.0, true}};
  base.verdict = "fail";
  RunReport next = base;
  next.checks[1] = {"backoff_growth", nlohmann::json{{"min", 1.5}}, 1.0, false};
  EXPECT_EQ(judge(base, next).worse, (std::vector<std::string>{"now failing: backoff_growth"}));
  EXPECT_EQ(judge(next, base).better, (std::vector<std::string>{"now passing: backoff_growth"}));
}

TEST(DiffJudge, DuplicatedIsWorseOnlyPastItsTolerance) {
  const auto& duplicated = diffed("duplicated");
  const std::uint64_t base = 10;
  std::uint64_t largest_noise = base;
  while (within_tolerance(duplicated, base, largest_noise + 1)) ++largest_noise;
  ASSERT_GT(largest_noise, base) << "duplicated has no tolerance";
  auto change = judge(scenario_report("a", 0, base), scenario_report("a", 0, largest_noise));
  EXPECT_FALSE(change.regressed());
  EXPECT_EQ(change.within_tolerance.size(), 1u);
  change = judge(scenario_report("a", 0, base), scenario_report("a", 0, largest_noise + 1));
  EXPECT_TRUE(change.regressed());
  EXPECT_EQ(change.worse, (std::vector<std::string>{fmt::format("duplicated {} → {}", base, largest_noise + 1)}));
}

TEST(DiffJudge, RetriesAreNeverWorseButAChangePastToleranceIsShown) {
  auto change = judge(scenario_report("a", 0, 0, 2), scenario_report("a", 0, 0, 3));
  EXPECT_FALSE(change.shown());
  EXPECT_EQ(change.within_tolerance, (std::vector<std::string>{"retries 2 → 3"}));
  change = judge(scenario_report("a", 0, 0, 2), scenario_report("a", 0, 0, 40));
  EXPECT_FALSE(change.regressed());
  EXPECT_EQ(change.changed, (std::vector<std::string>{"retries 2 → 40"}));
}

TEST(DiffJudge, Retried4xxAppearingIsWorseAndVanishingBetter) {
  RunReport clean = scenario_report("a"), violating = scenario_report("a");
  violating.counts.retried_4xx = 1;
  EXPECT_EQ(judge(clean, violating).worse, (std::vector<std::string>{"retried_4xx 0 → 1"}));
  EXPECT_EQ(judge(violating, clean).better, (std::vector<std::string>{"retried_4xx 1 → 0"}));
  RunReport more = violating;
  more.counts.retried_4xx = 2;
  EXPECT_FALSE(judge(violating, more).regressed());  // how many times is timing
}

TEST(DiffJudge, AMayRuleNotTakenIsAChangeNotARegression) {
  RunReport taken = scenario_report("retry-429-after");
  taken.rule->level = "MAY";
  RunReport not_taken = taken;
  not_taken.verdict = "not_taken";
  EXPECT_EQ(may_taken(taken), "yes");
  EXPECT_EQ(may_taken(not_taken), "no");
  EXPECT_EQ(may_taken(scenario_report("must")), "–");
  const auto change = judge(taken, not_taken);
  EXPECT_FALSE(change.regressed());
  EXPECT_EQ(change.changed, (std::vector<std::string>{"MAY rule taken yes → no"}));
  RunReport wrong = taken;  // takes the rule, but does it wrong
  wrong.verdict = "fail";
  EXPECT_TRUE(judge(not_taken, wrong).regressed());
}

TEST(DiffJudge, MissingInNewIsWorseOnlyInNewIsAChange) {
  std::vector<SideReport> one = {{"x/report.json", scenario_report("a")}};
  EXPECT_EQ(judge_change({"a", &one[0], nullptr}).worse, (std::vector<std::string>{"missing in NEW"}));
  const auto added = judge_change({"a", nullptr, &one[0]});
  EXPECT_FALSE(added.regressed());
  EXPECT_EQ(added.changed, (std::vector<std::string>{"only in NEW (pass)"}));
}

// A `known` count one side could not tell (a block-counting client's silent_loss) is no number:
// the change is shown, never judged worse or better.
TEST(DiffJudge, AnUnknownCountIsAChangeNotARegression) {
  RunReport base = scenario_report("a"), next = scenario_report("a");
  base.counts.silent_loss = std::nullopt;
  next.counts.silent_loss = 3;
  auto change = judge(base, next);
  EXPECT_TRUE(change.worse.empty());
  EXPECT_EQ(change.changed, (std::vector<std::string>{"silent_loss unknown → 3"}));
  change = judge(next, base);
  EXPECT_TRUE(change.better.empty());
  EXPECT_EQ(change.changed, (std::vector<std::string>{"silent_loss 3 → unknown"}));
}

// An error run that still measured its counts (a fault that never acted) is judged on them.
TEST(DiffJudge, AMeasuredErrorRunsCountsAreJudged) {
  RunReport base = scenario_report("a"), next = scenario_report("a", 2);
  next.verdict = "error";
  next.error = "nothing was injected";
  const auto change = judge(base, next);
  EXPECT_NE(std::find(change.worse.begin(), change.worse.end(), "lost 0 → 2"), change.worse.end());
}

}  // namespace
}  // namespace rwchaos::harness
