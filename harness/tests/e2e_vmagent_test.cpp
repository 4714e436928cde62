// Real vmagent 1.79 scraping the generator, writing through the fault upstream into victoria-metrics.
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness::e2e {
namespace {

TEST(E2eVmagent, ResendsABlockAfterAnRstBeforeHeadersAndLosesNothing) {
  RWCHAOS_REQUIRE_PROGRAMS("vmagent", "victoria-metrics");
  WorkDir work("vmagent-rst");
  const RunOutcome run = run_scenario_text(work, R"(
name: vmagent-rst-before-headers
client: {kind: vmagent, interval: 1s}
phases:
  - at: 0s
    faults:
      - {action: close_before_headers, how: rst, when: {requests: "2"}}
duration: 4s
settle: 12s
expect: {lost: 0, silent_loss: 0, retries: {min: 1}}
)");
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "pass") << run.output;
  EXPECT_GE(count(run, "expected_samples"), 2u);
  EXPECT_EQ(count(run, "lost"), 0u);
  EXPECT_EQ(count(run, "unexpected"), 0u);
  EXPECT_GE(count(run, "retried_no_response"), 1u);
  // vmagent's first backoff is 2 s (app/vmagent/remotewrite/client.go doubles from 1 s).
  const auto intervals = run.report["counts"]["retry_intervals_ms"];
  ASSERT_FALSE(intervals.empty());
  EXPECT_GE(intervals[0].get<double>(), 1500.0);
}

}  // namespace
}  // namespace rwchaos::harness::e2e
