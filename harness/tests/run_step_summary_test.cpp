// `rwchaos run` with GITHUB_STEP_SUMMARY set appends its summary table to that file (docs/ci.md).
// The scenario's client binary does not exist, so the run is one error row in about a second: the
// summary is written for every run that reports, whatever its verdicts.
#include <fstream>

#include <gtest/gtest.h>

#include "e2e_support.hpp"

namespace rwchaos::harness::e2e {
namespace {

void write_scenario(const WorkDir& work) {
  std::string text = read_text(fs::path(RWCHAOS_SOURCE_DIR) / "suites" / "conformance" / "retry-503.yaml");
  const std::string client = "client: {kind: vmalert, interval: 1s}";
  const auto at = text.find(client);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, client.size(), "client: {kind: vmalert, interval: 1s, binary: " +
                                      (work.path() / "no-such-vmalert").string() + "}");
  std::ofstream(work.path() / "scenario.yaml") << text;
}

CommandOutcome run_with_summary(const WorkDir& work, const fs::path& summary, const std::string& results) {
  return run_program({RWCHAOS_BINARY, "run", "scenario.yaml", "--results", results}, work.path(),
                     work.path() / (results + ".out"), 30s, {{"GITHUB_STEP_SUMMARY", summary.string()}});
}

TEST(RunStepSummary, TheRunsTableIsAppendedToTheJobSummary) {
  WorkDir work("run-step-summary");
  write_scenario(work);
  const fs::path summary = work.path() / "step-summary.md";
  std::ofstream(summary) << "earlier step\n";
  const auto run = run_with_summary(work, summary, "results");
  EXPECT_EQ(run.exit_code, 2) << run.output;  // the error row
  const std::string written = read_text(summary);
  EXPECT_EQ(written.rfind("earlier step\n# rwchaos summary\n\n0 of 1 scenarios passed.", 0), 0u) << written;
  EXPECT_NE(written.find("| retry-503 | vmalert | ERROR |"), std::string::npos) << written;
  EXPECT_NE(written.find("no-such-vmalert does not exist"), std::string::npos) << written;
}

TEST(RunStepSummary, AnUnwritableSummaryIsAWarningAndLeavesTheExitCode) {
  WorkDir work("run-step-summary-unwritable");
  write_scenario(work);
  const auto run = run_with_summary(work, work.path() / "no" / "such" / "dir", "results");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("rwchaos run: warning: GITHUB_STEP_SUMMARY"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace rwchaos::harness::e2e
