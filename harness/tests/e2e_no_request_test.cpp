// A client that sends no request at all never met the rule under test: the run's verdict is
// `error`, named by the client's first error log line, never a `fail` of the scenario's checks.
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness::e2e {
namespace {

// The scenario's checks would fail on their own (3 samples expected, none stored): the verdict
// must still be error, not fail.
std::string silent_client_scenario(const std::string& argv) {
  return fmt::format(R"yaml(
name: silent-client
client:
  kind: command
  argv: {}
  expected_series: [rwchaos_silent]
  expected_samples_per_series: 3
storage: none
phases:
  - at: 0s
    faults: []
duration: 2s
settle: 1s
expect: {{lost: 0}}
)yaml",
                     argv);
}

TEST(E2eNoRequest, ClientThatSendsNothingIsAnErrorNamedByItsFirstErrorLine) {
  WorkDir work("no-request");
  // Stays up (so the run goes to the end) and writes nowhere, like vmalert whose rule never evaluates.
  const RunOutcome run = run_scenario_text(
      work,
      silent_client_scenario(R"(["/bin/sh", "-c", "echo 'starting: no errors=0 yet'; echo 'level=info msg=ready';)"
                             R"( echo 'ts=1 level=error msg=\"cannot parse datasource answer\"' >&2;)"
                             R"( echo 'level=error msg=second'; exec sleep 30"])"),
      60s);
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "error") << run.report.dump(2);
  EXPECT_EQ(run.report["counts"]["requests"], 0) << run.report.dump(2);
  const std::string error = run.report["error"].get<std::string>();
  EXPECT_NE(error.find("sent no request"), std::string::npos) << error;
  EXPECT_NE(error.find("ts=1 level=error msg=\"cannot parse datasource answer\""), std::string::npos) << error;
  EXPECT_EQ(error.find("second"), std::string::npos) << "not the first error line: " << error;
  EXPECT_NE(run.exit_code, 0);
}

TEST(E2eNoRequest, SilentClientWithoutErrorLinesSaysItsLogHasNone) {
  WorkDir work("no-request-quiet");
  const RunOutcome run =
      run_scenario_text(work, silent_client_scenario(R"(["/bin/sh", "-c", "echo all fine; exec sleep 30"])"), 60s);
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "error") << run.report.dump(2);
  EXPECT_NE(run.report["error"].get<std::string>().find("logs/command.log has no error line"), std::string::npos)
      << run.report.dump(2);
}

// A real vmalert that evaluates its rule (the generator answered) but writes to a dead port: the
// upstream sees nothing. The verdict names vmalert's own log, not the rule under test.
TEST(E2eNoRequest, VmalertThatWritesNowhereIsAnErrorNamingItsLog) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert");
  WorkDir work("no-request-vmalert");
  const RunOutcome run = run_scenario_text(work, R"yaml(
name: vmalert-writes-nowhere
client:
  kind: vmalert
  args: [-remoteWrite.url=http://127.0.0.1:1]
storage: none
phases:
  - at: 0s
    faults: []
duration: 4s
settle: 1s
expect: {lost: 0}
)yaml",
                                           90s);
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "error") << run.report.dump(2);
  const std::string error = run.report.value("error", "");
  EXPECT_NE(error.find("the client sent no request"), std::string::npos) << error;
  EXPECT_NE(error.find("first error line of logs/vmalert.log: "), std::string::npos) << error;
  EXPECT_NE(error.find("\terror\t"), std::string::npos) << error;  // VictoriaMetrics' level field
}

}  // namespace
}  // namespace rwchaos::harness::e2e
