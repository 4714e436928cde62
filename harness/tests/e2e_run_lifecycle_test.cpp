// `rwchaos run` as a process: what happens to its children when it is killed or interrupted, and how
// a broken environment (a client that exits, storage that dies, a missing binary) is reported.
#include "harness/tests/e2e_support.hpp"
#include "harness/tests/env_process_probe.hpp"

#include <algorithm>
#include <set>

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
    if (children.size() >= 3 && fs::exists(scenario_dir(work) / "ledger.jsonl") &&
        fs::file_size(scenario_dir(work) / "ledger.jsonl") > 0)
      break;
    std::this_thread::sleep_for(50ms);
  }
  return children;
}

// Live processes (zombies excluded) whose command line mentions `text`: a trial's children all
// carry its unique results folder in their arguments (ready file, data path, queue, rule file).
std::vector<pid_t> processes_mentioning(const std::string& text) {
  std::vector<pid_t> found;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(name));
    if (pid != ::getpid() && cmdline(pid).find(text) != std::string::npos && test::process_alive(pid))
      found.push_back(pid);
  }
  return found;
}

const char* long_istio_scenario = R"(
name: long-istio-run
client: {kind: vmalert, interval: 1s}
hop: {kind: istio, host: vminsert}
duration: 60s
settle: 5s
expect: {lost: 0}
)";

// storage, upstream, inbound and outbound sidecars, client: five children once the client wrote.
std::vector<pid_t> wait_for_five_children(pid_t rwchaos, const WorkDir& work) {
  std::vector<pid_t> children;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    children = children_of(rwchaos);
    const fs::path ledger = scenario_dir(work) / "ledger.jsonl";
    if (children.size() >= 5 && fs::exists(ledger) && fs::file_size(ledger) > 0) break;
    std::this_thread::sleep_for(50ms);
  }
  return children;
}

// 20 trials, each killing rwchaos at a different point: with one, two or all three children
// (storage, upstream, client) forked, and the last one mid-run, once the client has written. Every
// pid seen as a child, and every process naming the trial's folder, must be gone within 5 s.
// 0.1-0.3 s a trial, about 1 s for the mid-run one.
TEST(E2eRunLifecycle, SigkillOfRwchaosLeavesNoChildAliveIn20Trials) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  constexpr int trials = 20;
  int survivors = 0;
  for (int trial = 0; trial < trials; ++trial) {
    WorkDir work(fmt::format("sigkill-{}", trial));
    auto rwchaos = start_rwchaos_run(work, long_scenario);
    const bool mid_run = trial == trials - 1;
    const std::size_t wanted = mid_run ? 3 : 1 + trial % 3;
    std::set<pid_t> seen;
    if (mid_run) {
      for (pid_t child : wait_for_children(rwchaos->pid(), work)) seen.insert(child);
    } else {
      const auto deadline = std::chrono::steady_clock::now() + 30s;
      while (children_of(rwchaos->pid()).size() < wanted && rwchaos->running() &&
             std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(5ms);
    }
    for (pid_t child : children_of(rwchaos->pid())) seen.insert(child);
    ASSERT_GE(seen.size(), wanted) << "trial " << trial << ": " << read_text(work.path() / "rwchaos.out");
    ::kill(rwchaos->pid(), SIGKILL);  // rwchaos alone, not its process group
    ASSERT_EQ(rwchaos->stop(5000ms), 128 + SIGKILL);
    std::vector<pid_t> left;
    const auto gone_by = std::chrono::steady_clock::now() + 5s;
    do {
      left = processes_mentioning(work.path().string());
      for (pid_t child : seen)
        if (test::process_alive(child) && std::find(left.begin(), left.end(), child) == left.end()) left.push_back(child);
      if (left.empty()) break;
      std::this_thread::sleep_for(20ms);
    } while (std::chrono::steady_clock::now() < gone_by);
    for (pid_t pid : left) {
      ADD_FAILURE() << "trial " << trial << ": survived: " << pid << " " << cmdline(pid);
      ::kill(pid, SIGKILL);  // do not leak it into the next test
    }
    survivors += static_cast<int>(left.size());
  }
  EXPECT_EQ(survivors, 0);
}

// The same with `hop: istio`: two `rwchaos sidecar` children more, killed with rwchaos mid-run.
TEST(E2eRunLifecycle, SigkillOfRwchaosLeavesNoSidecarAlive) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("sigkill-istio");
  auto rwchaos = start_rwchaos_run(work, long_istio_scenario);
  const std::vector<pid_t> children = wait_for_five_children(rwchaos->pid(), work);
  ASSERT_EQ(children.size(), 5u) << read_text(work.path() / "rwchaos.out");
  std::size_t sidecars = 0;
  for (pid_t child : children) sidecars += cmdline(child).find(" sidecar --config ") != std::string::npos;
  EXPECT_EQ(sidecars, 2u);
  ::kill(rwchaos->pid(), SIGKILL);  // rwchaos alone, not its process group
  ASSERT_EQ(rwchaos->stop(5000ms), 128 + SIGKILL);
  for (pid_t child : children) {
    EXPECT_TRUE(test::wait_until_dead(child, 5s)) << "survived: " << child << " " << cmdline(child);
    if (test::process_alive(child)) ::kill(child, SIGKILL);  // do not leak it into the next test
  }
  EXPECT_TRUE(processes_mentioning(work.path().string()).empty());
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
  EXPECT_TRUE(fs::exists(scenario_dir(work) / "logs" / "vmalert.log"));
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

TEST(E2eRunLifecycle, SidecarDyingMidRunIsAnError) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("istio-sidecar-dies");
  auto rwchaos = start_rwchaos_run(work, long_istio_scenario);
  const std::vector<pid_t> children = wait_for_five_children(rwchaos->pid(), work);
  ASSERT_EQ(children.size(), 5u) << read_text(work.path() / "rwchaos.out");
  pid_t outbound = 0;
  for (pid_t child : children)
    if (cmdline(child).find("sidecar-outbound-process.json") != std::string::npos) outbound = child;
  ASSERT_GT(outbound, 0);
  ::kill(outbound, SIGKILL);
  const RunOutcome run = wait_for_run(*rwchaos, work, 30s);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "error");
  EXPECT_NE(run.report["error"].get<std::string>().find("sidecar-outbound-process exited"), std::string::npos)
      << run.report["error"];
}

// Once a rebuild mid-run made the upstream binary unstartable and the partial report then read the
// upstream that never started: a crash instead of verdict `error`.
TEST(E2eRunLifecycle, UpstreamThatCannotStartIsAnErrorNotACrash) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("upstream-cannot-start");
  const std::string scenario = R"(
name: upstream-missing
client: {kind: vmalert}
phases:
  - at: 0s
    faults: []
duration: 2s
expect: {lost: 0}
)";
  std::ofstream(work.path() / "scenario.yaml") << scenario;
  auto rwchaos = ChildProcess::start({"rwchaos",
                                      {RWCHAOS_BINARY, "run", (work.path() / "scenario.yaml").string(), "--results",
                                       (work.path() / "results").string()},
                                      work.path() / "rwchaos.out",
                                      work.path(),
                                      {{"RWCHAOS_BINARY", "/nonexistent/rwchaos-test/rwchaos"}}});
  const RunOutcome run = wait_for_run(*rwchaos, work, 30s);
  EXPECT_EQ(run.exit_code, 2) << run.output;  // a crash would be -1 (signal) or 139
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "error");
  EXPECT_NE(run.report["error"].get<std::string>().find("/nonexistent/rwchaos-test/rwchaos"), std::string::npos)
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
