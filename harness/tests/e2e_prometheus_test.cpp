// Real Prometheus 2.42 in agent mode scraping the generator, writing through the fault upstream.
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness::e2e {
namespace {

TEST(E2ePrometheus, RetriesA503BurstAndLosesNothing) {
  RWCHAOS_REQUIRE_PROGRAMS("prometheus", "victoria-metrics");
  WorkDir work("prometheus-503");
  const RunOutcome run = run_scenario_text(work, R"(
name: prometheus-503-burst
client: {kind: prometheus, interval: 1s}
phases:
  - at: 0s
    faults:
      - {action: respond, status: 503, body: envoy-uc, commit: false, when: {requests: "1-2"}}
duration: 5s
settle: 10s
expect: {lost: 0, silent_loss: 0, retries: {min: 1}}
)");
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "pass") << run.output;
  EXPECT_GE(count(run, "expected_samples"), 2u);
  EXPECT_EQ(count(run, "lost"), 0u);
  EXPECT_EQ(count(run, "faults_injected"), 2u);
  EXPECT_GE(count(run, "retried_5xx"), 1u);
  EXPECT_EQ(count(run, "duplicated"), 0u);
  EXPECT_TRUE(run.report["drained"].get<bool>()) << run.output;
}

}  // namespace
}  // namespace rwchaos::harness::e2e
