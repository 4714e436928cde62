// `rwchaos diff BASE NEW` as a program: Markdown on stdout, exit 0/1/2, GITHUB_STEP_SUMMARY.
#include <fstream>

#include <gtest/gtest.h>

#include "diff_support.hpp"
#include "e2e_support.hpp"

namespace rwchaos::harness {
namespace {

using namespace std::chrono_literals;
using test::scenario_report;
using test::TempFolder;

e2e::CommandOutcome run_diff(const TempFolder& work, std::vector<std::string> args,
                             const std::map<std::string, std::string>& env = {}) {
  args.insert(args.begin(), {RWCHAOS_BINARY, "diff"});
  return e2e::run_program(args, work.path(), work.path() / "diff.out", 20s, env);
}

TEST(DiffCommand, NothingWorseExitsZeroAndSaysSo) {
  TempFolder work("diff-same");
  for (const char* side : {"base", "new"}) {
    work.put(std::string(side) + "/a", scenario_report("a", 0, 1, 2));
    work.put(std::string(side) + "/b", scenario_report("b", 3));
  }
  const auto diffed = run_diff(work, {"base", "new"});
  EXPECT_EQ(diffed.exit_code, 0) << diffed.output;
  EXPECT_NE(diffed.output.find("Nothing changed beyond timing tolerance."), std::string::npos) << diffed.output;
  EXPECT_NE(diffed.output.find("**No regression**: 2 scenarios compared, 0 better, 0 changed, none worse."),
            std::string::npos)
      << diffed.output;
}

TEST(DiffCommand, ARegressionExitsOneNamingItInTheTableAndTheLastLine) {
  TempFolder work("diff-worse");
  work.put("base/a", scenario_report("a"));
  work.put("base/b", scenario_report("b", 0, 0, 2));
  work.put("base/gone", scenario_report("gone"));
  work.put("new/a", scenario_report("a", 3));
  work.put("new/b", scenario_report("b", 0, 0, 3));
  const auto diffed = run_diff(work, {"base", "new"});
  EXPECT_EQ(diffed.exit_code, 1) << diffed.output;
  EXPECT_NE(diffed.output.find("| scenario | client | verdict | lost | duplicated | silent_loss | retries | retried_4xx | "
                               "MAY taken | what changed |"),
            std::string::npos)
      << diffed.output;
  EXPECT_NE(diffed.output.find("| a | vmalert 1.79.5 | pass → fail | 0 → 3 | 0 | 0 | 0 | 0 | – | **worse**: verdict "
                               "pass → fail (lost); lost 0 → 3 |"),
            std::string::npos)
      << diffed.output;
  EXPECT_NE(diffed.output.find("| gone | vmalert 1.79.5 → – | pass → – |"), std::string::npos) << diffed.output;
  EXPECT_EQ(diffed.output.find("| b |"), std::string::npos) << "timing noise got a row:\n" << diffed.output;
  EXPECT_NE(diffed.output.find("Within timing tolerance (docs/ci.md, not judged): b (retries 2 → 3)."), std::string::npos)
      << diffed.output;
  const std::string last_line = "**REGRESSION**: 2 of 3 scenarios got worse: a (verdict pass → fail (lost); lost 0 → 3), "
                                "gone (missing in NEW).\n";
  ASSERT_GE(diffed.output.size(), last_line.size());
  EXPECT_EQ(diffed.output.substr(diffed.output.size() - last_line.size()), last_line) << diffed.output;
}

TEST(DiffCommand, BadInputExitsTwoNamingWhat) {
  TempFolder work("diff-bad");
  work.put("base", scenario_report("a"));
  work.put("mixed", scenario_report("a"));
  work.put("mixed/b", scenario_report("b"));
  std::filesystem::create_directories(work.path() / "empty");
  auto diffed = run_diff(work, {"base", "absent"});
  EXPECT_EQ(diffed.exit_code, 2);
  EXPECT_EQ(diffed.output, "rwchaos diff: absent: no such folder\n");
  diffed = run_diff(work, {"base", "empty"});
  EXPECT_EQ(diffed.exit_code, 2);
  EXPECT_NE(diffed.output.find("empty: no report.json below this folder"), std::string::npos) << diffed.output;
  diffed = run_diff(work, {"base", "mixed"});
  EXPECT_EQ(diffed.exit_code, 2);
  EXPECT_NE(diffed.output.find("mixed: mixed layouts"), std::string::npos) << diffed.output;
  std::ofstream(work.path() / "base" / "report.json", std::ios::trunc) << "{\"scenario\": 1}";
  diffed = run_diff(work, {"base", "base"});
  EXPECT_EQ(diffed.exit_code, 2);
  EXPECT_NE(diffed.output.find("base/report.json:1:2: field 'scenario': expected a string"), std::string::npos)
      << diffed.output;
  EXPECT_EQ(run_diff(work, {"base"}).exit_code, 2);
}

TEST(DiffCommand, AppendsToTheGithubStepSummaryAndWritesOutput) {
  TempFolder work("diff-summary");
  work.put("base/a", scenario_report("a"));
  work.put("new/a", scenario_report("a", 1));
  const auto summary = work.path() / "step-summary.md";
  std::ofstream(summary) << "earlier step\n";
  const auto diffed = run_diff(work, {"base", "new", "-o", "diff.md"}, {{"GITHUB_STEP_SUMMARY", summary.string()}});
  EXPECT_EQ(diffed.exit_code, 1) << diffed.output;
  const std::string written = e2e::read_text(summary);
  EXPECT_EQ(written.rfind("earlier step\n# rwchaos diff\n", 0), 0u) << written;
  EXPECT_NE(written.find("**REGRESSION**: 1 of 1 scenarios got worse: a"), std::string::npos) << written;
  EXPECT_EQ(e2e::read_text(work.path() / "diff.md") + "\n", written.substr(std::string("earlier step\n").size()));
  EXPECT_EQ(diffed.output.rfind("# rwchaos diff\n", 0), 0u) << diffed.output;

  // A summary file that cannot be written is a warning; the exit code stays the gate's.
  const auto unwritable = run_diff(work, {"base", "base"}, {{"GITHUB_STEP_SUMMARY", (work.path() / "no/such/dir").string()}});
  EXPECT_EQ(unwritable.exit_code, 0) << unwritable.output;
  EXPECT_NE(unwritable.output.find("rwchaos diff: warning: GITHUB_STEP_SUMMARY"), std::string::npos) << unwritable.output;
}

}  // namespace
}  // namespace rwchaos::harness
