// Every scenario the project ships outside the conformance suite (suites/transport,
// suites/incident-503uc, suites/istio-policy) run on the reference sender: each must reach a verdict.
// An `error` here is a defect of the scenario or of the harness, not of a client: a fault that never
// acts on a sender writing every second (idle-close-race once closed connections idle 1 s or more,
// and passed without testing anything), a hop that does not start, a key the loader no longer takes.
// The conformance suite has its own test (e2e_reference_conformance_test.cpp).
#include "harness/clients/binaries.hpp"
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness::e2e {
namespace {

const std::vector<std::string> suites = {"transport", "incident-503uc", "istio-policy"};

TEST(E2eReferenceSuites, EveryShippedScenarioReachesAVerdictOnTheReferenceSender) {
  RWCHAOS_REQUIRE_PROGRAMS("victoria-metrics", "haproxy");
  // The vmauth hop runs Debian 13's vmauth (scripts/setup).
  if (const ProgramLocation vmauth = find_program_version("vmauth", "1.112.0", true); !vmauth.found())
    GTEST_SKIP() << vmauth.error;
  WorkDir work("reference-suites");
  std::vector<std::unique_ptr<ChildProcess>> runs;
  std::vector<std::size_t> files;
  for (const auto& suite : suites) {
    const fs::path folder = fs::path(RWCHAOS_SOURCE_DIR) / "suites" / suite;
    files.push_back(0);
    for (const auto& entry : fs::directory_iterator(folder)) files.back() += entry.path().extension() == ".yaml";
    runs.push_back(start_named_run(work, suite, {folder.string(), "--client", "reference", "--jobs", "3"}));
  }
  for (std::size_t i = 0; i < runs.size(); ++i) {
    SCOPED_TRACE(suites[i]);
    const int exit_code = wait_exit(*runs[i], 300s);
    EXPECT_TRUE(exit_code == 0 || exit_code == 1) << "exit " << exit_code << "\n"
                                                  << read_text(work.path() / (suites[i] + ".out"));
    // One folder per scenario, named by the scenario's `name`.
    std::size_t reports = 0;
    for (const auto& entry : fs::directory_iterator(work.path() / suites[i])) {
      const fs::path file = entry.path() / "report.json";
      if (!fs::exists(file)) continue;
      ++reports;
      const nlohmann::json report = nlohmann::json::parse(read_text(file));
      EXPECT_NE(report.value("verdict", ""), "error") << entry.path().filename() << ": " << report.value("error", "");
    }
    EXPECT_EQ(reports, files[i]) << "a scenario without a report";
    EXPECT_GE(files[i], 7u);
  }
}

}  // namespace
}  // namespace rwchaos::harness::e2e
