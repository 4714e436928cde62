// Real vmalert 1.79 writing through the fault upstream into real victoria-metrics.
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness::e2e {
namespace {

TEST(E2eVmalert, RetriesA503AfterCommitStoringADuplicateAndLosingNothing) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("vmalert-503");
  const RunOutcome run = run_scenario_text(work, R"(
name: vmalert-503-after-commit
client: {kind: vmalert, interval: 1s}
phases:
  - at: 0s
    faults:
      - {action: respond, status: 503, body: envoy-uc, commit: true, when: {requests: "2"}}
duration: 4s
settle: 10s
expect: {lost: 0, silent_loss: 0, retries: {min: 1}}
)");
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "pass") << run.output;
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_GE(count(run, "expected_samples"), 3u);
  EXPECT_EQ(count(run, "lost"), 0u);
  EXPECT_EQ(count(run, "faults_injected"), 1u);
  EXPECT_GE(count(run, "retries"), 1u);
  // The 503 came after the commit: the retry commits the same samples again.
  EXPECT_GE(count(run, "recovered"), 1u);
  EXPECT_GE(count(run, "duplicated"), 1u);
  EXPECT_TRUE(run.report["counts"]["client_metrics_read"].get<bool>());
}

// vmalert gives up after 5 attempts, 1 s apart (app/vmalert/remotewrite/remotewrite.go), and counts
// the rows it dropped: loss, but not silent.
TEST(E2eVmalert, DropsABatchAfterFiveFailedAttemptsAndReportsTheDrop) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("vmalert-drop");
  const RunOutcome run = run_scenario_text(work, R"(
name: vmalert-503-five-times
client: {kind: vmalert, interval: 1s}
phases:
  - at: 0s
    faults:
      - {action: respond, status: 503, body: envoy-uc, commit: false, when: {requests: "2-6"}}
duration: 7s
settle: 8s
expect: {lost: 0}
)");
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "fail") << run.output;
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_GE(count(run, "lost"), 1u);
  EXPECT_EQ(count(run, "client_dropped"), count(run, "lost"));
  EXPECT_EQ(count(run, "silent_loss"), 0u);
  EXPECT_EQ(count(run, "max_attempts"), 5u);
}

}  // namespace
}  // namespace rwchaos::harness::e2e
