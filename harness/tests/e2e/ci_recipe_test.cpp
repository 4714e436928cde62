// The CI recipe end to end (docs/ci.md): scripts/ci-gate runs examples/config-repo's scenarios with
// real vmalert 1.79.5 and diffs them against the committed baseline. The baseline's config passes
// the job although one scenario fails (a known failure); a worse config fails it, naming the
// regression.
#include "harness/tests/e2e/opt_in.hpp"
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness::e2e {
namespace {

const fs::path config_repo = fs::path(RWCHAOS_SOURCE_DIR) / "examples" / "config-repo";

CommandOutcome ci_gate(const WorkDir& work, const fs::path& scenarios, const fs::path& summary) {
  return run_program({(fs::path(RWCHAOS_SOURCE_DIR) / "scripts" / "ci-gate").string(), scenarios.string(),
                      (config_repo / "baseline").string(), (work.path() / "results").string(), "--jobs", "2"},
                     work.path(), work.path() / "gate.out", 120s,
                     {{"RWCHAOS", RWCHAOS_BINARY}, {"GITHUB_STEP_SUMMARY", summary.string()}});
}

TEST(CiRecipe, TheBaselinesConfigPassesTheJobWithItsKnownFailure) {
  RWCHAOS_REQUIRE_E2E();
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("ci-recipe-same");
  const fs::path summary = work.path() / "step-summary.md";
  const auto gate = ci_gate(work, config_repo / "scenarios", summary);
  EXPECT_EQ(gate.exit_code, 0) << gate.output;
  EXPECT_NE(gate.output.find("rwchaos run exited 1"), std::string::npos) << gate.output;  // refused-batch fails
  EXPECT_NE(gate.output.find("**No regression**: 2 scenarios compared"), std::string::npos) << gate.output;
  // The job summary holds the run's table, then the diff; the diff is also in the results.
  const std::string written = read_text(summary);
  const auto run_table = written.find("# rwchaos summary"), diff_table = written.find("# rwchaos diff");
  ASSERT_NE(run_table, std::string::npos) << written;
  ASSERT_NE(diff_table, std::string::npos) << written;
  EXPECT_LT(run_table, diff_table);
  EXPECT_NE(read_text(work.path() / "results" / "diff.md").find("**No regression**"), std::string::npos);
}

TEST(CiRecipe, AWorseConfigFailsTheJobNamingTheRegression) {
  RWCHAOS_REQUIRE_E2E();
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("ci-recipe-worse");
  // The change under review: vmalert's input queue cut from 100000 to 1 entry. While a batch is
  // being retried nothing reads that queue (app/vmalert/remotewrite/remotewrite.go, Client.run and
  // flush); Push then fails with "queue is full", and for a recording rule that error is neither
  // logged nor counted as dropped (app/vmalert/group.go, executor.exec): silent loss.
  const fs::path scenarios = work.path() / "scenarios";
  fs::create_directories(scenarios);
  for (const auto& entry : fs::directory_iterator(config_repo / "scenarios")) {
    std::string text = read_text(entry.path());
    const std::string flag = "-remoteWrite.maxQueueSize=100000";
    const auto at = text.find(flag);
    ASSERT_NE(at, std::string::npos) << entry.path();
    text.replace(at, flag.size(), "-remoteWrite.maxQueueSize=1");
    std::ofstream(scenarios / entry.path().filename()) << text;
  }
  const fs::path summary = work.path() / "step-summary.md";
  const auto gate = ci_gate(work, scenarios, summary);
  EXPECT_EQ(gate.exit_code, 1) << gate.output;
  EXPECT_NE(gate.output.find("**REGRESSION**: 1 of 2 scenarios got worse: outage-3s (verdict pass → fail (lost, "
                             "silent_loss); lost 0 → "),
            std::string::npos)
      << gate.output;
  EXPECT_NE(gate.output.find("REGRESSION against"), std::string::npos) << gate.output;
  EXPECT_NE(read_text(summary).find("**REGRESSION**"), std::string::npos);
}

}  // namespace
}  // namespace rwchaos::harness::e2e
