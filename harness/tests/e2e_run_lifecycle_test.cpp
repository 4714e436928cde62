// `rwchaos run` as a process: what happens to its children when it is killed or interrupted, and how
// a broken environment (a client that exits, storage that dies, a missing binary) is reported.
#include "harness/tests/e2e_support.hpp"
#include "harness/tests/env_process_probe.hpp"

namespace rwchaos::harness::e2e {
namespace {

const char* long_scenario = R"(
name: long-vmalert-run
client: {kind: vmalert, interval: 1s}
phases:
  - at: 0s
    faults: []
duration: 60s
settle: 5s
expect: {lost: 0}
)";

std::string cmdline(pid_t pid) {
  std::string text = read_text(fs::path("/proc") / std::to_string(pid) / "cmdline");
  for (char& c : text)
    if (c == '\0') c = ' ';
  return text;
}

// Waits until rwchaos runs storage, upstream and client (three children, the client ready enough to
// have written once); returns their pids.
std::vector<pid_t> wait_for_children(pid_t rwchaos, const WorkDir& work) {
  std::vector<pid_t> children;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    children = children_of(rwchaos);
    if (children.size() >= 3 && fs::exists(work.path() / "results" / "ledger.jsonl") &&
        fs::file_size(work.path() / "results" / "ledger.jsonl") > 0)
      break;
    std::this_thread::sleep_for(50ms);
  }
  return children;
}

TEST(E2eRunLifecycle, SigkillOfRwchaosMidRunLeavesNoChildAlive) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("sigkill");
  auto rwchaos = start_rwchaos_run(work, long_scenario);
  const std::vector<pid_t> children = wait_for_children(rwchaos->pid(), work);
  ASSERT_EQ(children.size(), 3u) << read_text(work.path() / "rwchaos.out");
  for (pid_t child : children) EXPECT_TRUE(test::process_alive(child)) << cmdline(child);
  ::kill(rwchaos->pid(), SIGKILL);  // rwchaos alone, not its process group
  EXPECT_EQ(rwchaos->stop(5000ms), 128 + SIGKILL);
  for (pid_t child : children) EXPECT_TRUE(test::wait_until_dead(child, 5s)) << "survived: " << child;
}

TEST(E2eRunLifecycle, SigtermMidRunStopsChildrenAndWritesAPartialReport) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("sigterm");
  auto rwchaos = start_rwchaos_run(work, long_scenario);
  const std::vector<pid_t> children = wait_for_children(rwchaos->pid(), work);
  ASSERT_EQ(children.size(), 3u) << read_text(work.path() / "rwchaos.out");
  ::kill(rwchaos->pid(), SIGTERM);
  const RunOutcome run = wait_for_run(*rwchaos, work, 30s);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "error");
  EXPECT_NE(run.report["error"].get<std::string>().find("interrupted"), std::string::npos) << run.report["error"];
  EXPECT_GE(count(run, "requests"), 1u);  // partial counts from what was collected
  for (pid_t child : children) EXPECT_TRUE(test::wait_until_dead(child, 5s)) << "survived: " << child;
}

TEST(E2eRunLifecycle, ClientThatExitsAtStartIsAnErrorWithItsStatusAndLog) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("client-exits");
  const RunOutcome run = run_scenario_text(work, R"(
name: vmalert-bad-flag
client: {kind: vmalert, args: ["-no.such.flag=1"]}
phases:
  - at: 0s
    faults: []
duration: 3s
expect: {lost: 0}
)",
                                           30s);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "error");
  const std::string error = run.report["error"];
  EXPECT_NE(error.find("vmalert exited with status"), std::string::npos) << error;
  EXPECT_NE(error.find("no.such.flag"), std::string::npos) << error;  // the log tail says why
  EXPECT_TRUE(fs::exists(work.path() / "results" / "logs" / "vmalert.log"));
}

TEST(E2eRunLifecycle, StorageDyingMidRunIsAnError) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("storage-dies");
  auto rwchaos = start_rwchaos_run(work, long_scenario);
  const std::vector<pid_t> children = wait_for_children(rwchaos->pid(), work);
  ASSERT_EQ(children.size(), 3u) << read_text(work.path() / "rwchaos.out");
  pid_t storage = 0;
  for (pid_t child : children)
    if (cmdline(child).find("victoria-metrics") != std::string::npos && cmdline(child).find("-storageDataPath") != std::string::npos)
      storage = child;
  ASSERT_GT(storage, 0);
  ::kill(storage, SIGKILL);
  const RunOutcome run = wait_for_run(*rwchaos, work, 30s);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "error");
  EXPECT_NE(run.report["error"].get<std::string>().find("victoria-metrics exited"), std::string::npos)
      << run.report["error"];
}

TEST(E2eRunLifecycle, MissingClientBinaryExitsTwoNamingIt) {
  WorkDir work("missing-binary");
  const RunOutcome run = run_scenario_text(work, R"(
name: vmalert-missing
client: {kind: vmalert, binary: /nonexistent/rwchaos-test/vmalert}
storage: none
phases:
  - at: 0s
    faults: []
duration: 2s
expect: {lost: 0}
)",
                                           30s);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_NE(run.report["error"].get<std::string>().find("/nonexistent/rwchaos-test/vmalert"), std::string::npos)
      << run.report["error"];
}

}  // namespace
}  // namespace rwchaos::harness::e2e
