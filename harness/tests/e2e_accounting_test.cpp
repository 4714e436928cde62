// One accounting, on real processes: a fault that never acts makes the run an error, an idle_close
// that acts is counted from the upstream's /stats, the drain never ends while the checks count loss,
// and a series that stops is marked stale (vmalert 1.79's recording rule, app/vmalert/group.go
// getStaleSeries).
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness::e2e {
namespace {

// The drain and the checks ask one predicate: a settle that ended drained never leaves loss behind.
void expect_drain_agrees(const RunOutcome& run) {
  if (run.report["drained"].get<bool>()) {
    EXPECT_EQ(count(run, "lost"), 0u) << run.output;
  }
}

constexpr const char* idle_close_scenario = R"(
name: idle-close-{0}
client: {{kind: vmalert, interval: 1s}}
upstream: {{idle_close: {0}}}
duration: 4s
settle: 6s
expect: {1}
)";

TEST(E2eAccounting, AnIdleCloseThatNeverActsMakesTheRunAnError) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("never-acts");
  // vmalert flushes every 500 ms: its connection is never idle for a minute.
  const RunOutcome run = run_scenario_text(work, fmt::format(idle_close_scenario, "60s", "{lost: 0}"));
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "error") << run.output;
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_EQ(run.report["error"],
            "nothing was injected: upstream: {action: idle_close, after: 1m} never acted (say `faults_injected: 0` "
            "in expect if that is intended)");
  EXPECT_EQ(count(run, "idle_closed_connections"), 0u);
  EXPECT_EQ(count(run, "lost"), 0u);  // the checks ran: nothing else was wrong
  expect_drain_agrees(run);
}

TEST(E2eAccounting, ExpectAdmittingNoFaultTurnsTheErrorIntoTheChecksVerdict) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("never-acts-intended");
  const RunOutcome run = run_scenario_text(work, fmt::format(idle_close_scenario, "60s", "{lost: 0, faults_injected: 0}"));
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "pass") << run.output;
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(run.report["drained"].get<bool>()) << run.output;
  expect_drain_agrees(run);
}

TEST(E2eAccounting, AnIdleCloseThatActsIsCountedThoughNoRequestShowsIt) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("idle-close-acts");
  // 200 ms of idleness between flushes 500 ms apart: the upstream closes every kept-alive connection.
  const RunOutcome run = run_scenario_text(work, fmt::format(idle_close_scenario, "200ms", "{lost: 0}"));
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "pass") << run.output;
  EXPECT_GE(count(run, "idle_closed_connections"), 2u);
  EXPECT_EQ(count(run, "faults_injected"), count(run, "idle_closed_connections"));  // no request was faulted
  EXPECT_GE(count(run, "connections"), 2u);  // each close made vmalert open a new one
  EXPECT_TRUE(run.report["drained"].get<bool>()) << run.output;
  expect_drain_agrees(run);
}

TEST(E2eAccounting, VmalertMarksARecordingRuleSeriesStaleWhenItDisappears) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("stale-marker");
  const RunOutcome run = run_scenario_text(work, R"(
name: stale-marker-vmalert
client: {kind: vmalert, interval: 1s}
generator: {stopping_series: 2s}
duration: 4s
settle: 6s
expect: {stopped_series: 1, stale_marked_series: 1, lost: 0}
)");
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "pass") << run.output;
  EXPECT_EQ(count(run, "stale_marked_series"), 1u);
  // The stopping series' values are ground truth too: every one stored, none unexpected.
  EXPECT_EQ(count(run, "unexpected"), 0u);
  EXPECT_GT(count(run, "expected_samples"), 4u);
  // The marker is in the ledger: a sample of the stopping series with the stale bits.
  bool marker = false;
  for (const auto& record : ledger(work))
    for (const auto& series : record["samples_by_series"])
      marker = marker || (series["labels"].get<std::string>().find("rwchaos_series=\"stopping\"") != std::string::npos &&
                          !series["stale"].empty());
  EXPECT_TRUE(marker);
  expect_drain_agrees(run);
}

}  // namespace
}  // namespace rwchaos::harness::e2e
