// vmalert 1.79.5 -> 1.112.0 through rwchaos diff: 1.112.0 no longer retries a 4xx other than 429
// (app/vmalert/remotewrite/client.go of 1.112.0: Client.send returns a nonRetriableError, and
// Client.flush drops the batch at once and counts it in vmalert_remotewrite_dropped_rows_total),
// so the no-retry-4xx scenarios get better: exit 0. Reversed they regress: exit 1.
#include "harness/tests/e2e/opt_in.hpp"
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness::e2e {
namespace {

const std::vector<std::string> fixed_scenarios = {"no-retry-400", "no-retry-413"};

// The 1.112.0 binary scripts/setup unpacked; empty when this machine has none.
fs::path vmalert_1_112() {
  for (const auto& listed : listed_versions("vmalert"))
    if (listed.version == "1.112.0" && fs::exists(listed.path)) return listed.path;
  return {};
}

// `rwchaos run` of the suite's own files; `client` (KIND@VERSION) replaces their client when given.
std::unique_ptr<ChildProcess> start_run(const WorkDir& work, const std::string& name, const fs::path& scenarios,
                                        const std::string& client) {
  std::vector<std::string> args = {scenarios.string(), "--jobs", "2"};
  if (!client.empty()) args.insert(args.end(), {"--client", client});
  return start_named_run(work, name, args);
}

TEST(DiffUpgrade, Vmalert1112FixesThe4xxRetryExit0AndReversedExit1) {
  RWCHAOS_REQUIRE_E2E();
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  if (vmalert_1_112().empty()) GTEST_SKIP() << "vmalert 1.112.0 is not in .tools/versions.json: run scripts/setup";
  WorkDir work("diff-upgrade");
  // The suite's own files, written for vmalert 1.79.5 (the default); `--client vmalert@1.112.0`
  // runs the same files with the newer version.
  const fs::path suite = work.path() / "suite";
  fs::create_directories(suite);
  for (const auto& name : fixed_scenarios) {
    const fs::path file = fs::path(RWCHAOS_SOURCE_DIR) / "suites" / "conformance" / (name + ".yaml");
    fs::copy_file(file, suite / file.filename());
  }
  auto old_run = start_run(work, "vmalert-1.79.5", suite, "");
  auto new_run = start_run(work, "vmalert-1.112.0", suite, "vmalert@1.112.0");
  ASSERT_EQ(wait_exit(*old_run, 120s), 1) << read_text(work.path() / "vmalert-1.79.5.out");  // both retry the 4xx
  ASSERT_EQ(wait_exit(*new_run, 120s), 0) << read_text(work.path() / "vmalert-1.112.0.out");

  const auto upgrade = run_program({RWCHAOS_BINARY, "diff", "vmalert-1.79.5", "vmalert-1.112.0"}, work.path(),
                                   work.path() / "diff.out", 20s);
  EXPECT_EQ(upgrade.exit_code, 0) << upgrade.output;
  EXPECT_NE(upgrade.output.find("| no-retry-400 | vmalert 1.79.5 → vmalert 1.112.0 | fail → pass | 0 → 1 | 0 | 0 | "
                                "1 → 0 | 1 → 0 | – | better: verdict fail → pass; retried_4xx 1 → 0 · changed: lost "
                                "0 → 1 (a 4xx-refused batch dropped and reported"),
            std::string::npos)
      << upgrade.output;
  EXPECT_NE(upgrade.output.find("**No regression**: 2 scenarios compared, 2 better"), std::string::npos) << upgrade.output;

  const auto downgrade = run_program({RWCHAOS_BINARY, "diff", "vmalert-1.112.0", "vmalert-1.79.5"}, work.path(),
                                     work.path() / "diff.out", 20s);
  EXPECT_EQ(downgrade.exit_code, 1) << downgrade.output;
  EXPECT_NE(downgrade.output.find("**REGRESSION**: 2 of 2 scenarios got worse: no-retry-400 (verdict pass → fail "
                                  "(retried_4xx); retried_4xx 0 → 1), no-retry-413"),
            std::string::npos)
      << downgrade.output;
}

}  // namespace
}  // namespace rwchaos::harness::e2e
