// Two runs of one client version, diffed: the timing tolerance (docs/ci.md "Timing tolerance") keeps
// reruns at exit 0; a regression made from one of them is exit 1. Real vmalert 1.79.5 and storage.
#include <nlohmann/json.hpp>

#include "harness/tests/e2e/opt_in.hpp"
#include "harness/tests/e2e_support.hpp"
#include "harness/reports/report_json.hpp"

namespace rwchaos::harness::e2e {
namespace {

// Duplicates and retries (uc503-committed), 5xx retries (retry-503), a known failure (no-retry-400).
std::vector<std::string> small_suite() {
  const fs::path suites = fs::path(RWCHAOS_SOURCE_DIR) / "suites";
  return {(suites / "incident-503uc" / "01-uc503-committed.yaml").string(),
          (suites / "conformance" / "retry-503.yaml").string(),
          (suites / "conformance" / "no-retry-400.yaml").string()};
}

std::unique_ptr<ChildProcess> start_run(const WorkDir& work, const std::string& name,
                                        const std::map<std::string, std::string>& env = {}) {
  std::vector<std::string> args = small_suite();
  args.insert(args.end(), {"--client", "vmalert", "--jobs", "2"});
  return start_named_run(work, name, args, env);
}

CommandOutcome diff(const WorkDir& work, const std::string& base, const std::string& next) {
  return run_program({RWCHAOS_BINARY, "diff", base, next}, work.path(), work.path() / "diff.out", 20s);
}

TEST(DiffReruns, TwoRunsOfOneVersionDiffToExitZeroAndAConstructedRegressionToOne) {
  RWCHAOS_REQUIRE_E2E();
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("diff-reruns");
  const fs::path summary = work.path() / "step-summary.md";
  auto first = start_run(work, "first", {{"GITHUB_STEP_SUMMARY", summary.string()}});
  auto second = start_run(work, "second");
  // no-retry-400 fails on vmalert 1.79.5 (it retries the 400): exit 1 from both runs.
  ASSERT_EQ(wait_exit(*first, 120s), 1) << read_text(work.path() / "first.out");
  ASSERT_EQ(wait_exit(*second, 120s), 1) << read_text(work.path() / "second.out");

  auto diffed = diff(work, "first", "second");
  EXPECT_EQ(diffed.exit_code, 0) << diffed.output;
  EXPECT_NE(diffed.output.find("**No regression**: 3 scenarios compared"), std::string::npos) << diffed.output;
  diffed = diff(work, "second", "first");
  EXPECT_EQ(diffed.exit_code, 0) << diffed.output;

  // The run's table went to the job summary, once.
  const std::string written = read_text(summary);
  EXPECT_EQ(written.rfind("# rwchaos summary\n\n2 of 3 scenarios passed.", 0), 0u) << written;
  EXPECT_NE(written.find("| uc503-committed | vmalert | PASS |"), std::string::npos) << written;

  // A regression made from the second run: uc503-committed loses 2 samples unreported, retry-503 is gone.
  fs::copy(work.path() / "second", work.path() / "worse", fs::copy_options::recursive);
  fs::remove_all(work.path() / "worse" / "retry-503");
  const auto report_file = work.path() / "worse" / "uc503-committed" / "report.json";
  auto report = nlohmann::json::parse(read_text(report_file));
  ASSERT_EQ(report["counts"]["lost"], 0);
  report["counts"]["lost"] = 2;
  report["counts"]["silent_loss"] = 2;
  for (auto& check : report["checks"])
    if (check["name"] == "lost") check["pass"] = false;
  report["verdict"] = "fail";
  write_report_json(report, report_file.string());
  diffed = diff(work, "first", "worse");
  EXPECT_EQ(diffed.exit_code, 1) << diffed.output;
  // Scenarios in path order (report_files_below sorts).
  EXPECT_NE(diffed.output.find("**REGRESSION**: 2 of 3 scenarios got worse: retry-503 (missing in NEW), "
                               "uc503-committed (verdict pass → fail (lost); lost 0 → 2; silent_loss 0 → 2)."),
            std::string::npos)
      << diffed.output;
}

}  // namespace
}  // namespace rwchaos::harness::e2e
