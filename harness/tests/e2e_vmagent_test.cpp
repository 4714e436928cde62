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

// vmagent 1.79 re-sends a block answered 503 after its commit, and drops one answered 400
// (app/vmagent/remotewrite/client.go, sendBlockHTTP), counting the drop in blocks. The re-sent block
// duplicates its ground-truth samples only in `duplicated`, every series of it in
// `duplicated_all_series`; the dropped block's samples are lost, and how many of them vmagent owned
// up to is unknown: silent_loss is null, never a block count passed off as samples. The 400 comes
// first: a 400 is never retried, so request 4 is a first attempt; with the 503 first, its retry
// (about 2 s later) could itself be the request the 400 was aimed at.
TEST(E2eVmagent, CountsGroundTruthDuplicatesAndNeverTakesDroppedBlocksForSamples) {
  RWCHAOS_REQUIRE_PROGRAMS("vmagent", "victoria-metrics");
  WorkDir work("vmagent-blocks");
  const RunOutcome run = run_scenario_text(work, R"(
name: vmagent-duplicate-and-drop
client: {kind: vmagent, interval: 1s}
phases:
  - at: 0s
    faults:
      - {action: respond, status: 400, commit: false, when: {requests: "2"}}
      - {action: respond, status: 503, commit: true, when: {requests: "4"}}
duration: 6s
settle: 12s
expect: {lost: 0}
)");
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "fail") << run.output;
  const auto& counts = run.report["counts"];
  EXPECT_GE(count(run, "duplicated"), 1u);
  EXPECT_EQ(count(run, "duplicated"), count(run, "recovered"));  // the one re-sent block's samples
  EXPECT_GT(count(run, "duplicated_all_series"), count(run, "duplicated"));  // up, scrape_*: not ground truth
  EXPECT_EQ(count(run, "duplicated_all_series"), count(run, "recovered_all_series"));
  EXPECT_GE(count(run, "lost"), 1u);
  EXPECT_EQ(counts["client_dropped_unit"], "blocks");
  EXPECT_EQ(count(run, "client_dropped_blocks"), 1u);
  EXPECT_TRUE(counts["client_dropped"].is_null());
  EXPECT_TRUE(counts["silent_loss"].is_null());
  EXPECT_NE(counts["unknown"]["silent_loss"].get<std::string>().find("1 dropped block,"), std::string::npos)
      << counts["unknown"];
  EXPECT_FALSE(run.report["drained"].get<bool>());  // the drain never ends while samples are lost
}

}  // namespace
}  // namespace rwchaos::harness::e2e
