// vmalert -> HAProxy 2.6 -> fault upstream -> victoria-metrics. An upstream close before headers
// reaches the client as EOF when the hop does not retry, and is hidden when it does.
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness::e2e {
namespace {

std::string scenario(int retries) {
  return fmt::format(R"(
name: hop-close-before-headers-retries-{0}
client: {{kind: vmalert, interval: 1s}}
hop: {{kind: haproxy, retries: {0}}}
phases:
  - at: 0s
    faults:
      - {{action: close_before_headers, how: fin, when: {{requests: "2"}}}}
duration: 4s
settle: 10s
expect: {{lost: 0, silent_loss: 0, retries: {{min: 1}}}}
)",
                     retries);
}

TEST(E2eHaproxyHop, WithoutRetriesTheClientSeesEofAndRetriesItself) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics", "haproxy");
  WorkDir work("hop-0");
  const RunOutcome run = run_scenario_text(work, scenario(0));
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "pass") << run.output;
  EXPECT_EQ(count(run, "lost"), 0u);
  EXPECT_GE(count(run, "retried_no_response"), 1u);
  const std::string client_log = read_text(scenario_dir(work) / "logs" / "vmalert.log");
  EXPECT_NE(client_log.find("attempt 1 to send request failed"), std::string::npos) << client_log;
  EXPECT_NE(client_log.find("EOF"), std::string::npos) << client_log;
  // Every write went through the hop.
  const std::string hop_log = read_text(scenario_dir(work) / "logs" / "haproxy.log");
  EXPECT_NE(hop_log.find("POST /api/v1/write"), std::string::npos) << hop_log;
}

TEST(E2eHaproxyHop, WithRetriesTheHopResendsAndTheClientSeesNoError) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics", "haproxy");
  WorkDir work("hop-1");
  const RunOutcome run = run_scenario_text(work, scenario(1));
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "pass") << run.output;
  EXPECT_EQ(count(run, "lost"), 0u);
  EXPECT_GE(count(run, "retries"), 1u);  // the hop's resend, seen by the upstream
  const std::string client_log = read_text(scenario_dir(work) / "logs" / "vmalert.log");
  EXPECT_EQ(client_log.find("to send request failed"), std::string::npos) << client_log;
}

}  // namespace
}  // namespace rwchaos::harness::e2e
