// Two `rwchaos run` of the same scenario at once, from the same folder, default results folders:
// no port clash, no shared files, both pass.
#include "harness/tests/e2e_support.hpp"

#include <set>

namespace rwchaos::harness::e2e {
namespace {

const char* quick_scenario = R"(
name: concurrent-reference
client: {kind: reference, interval: 1s}
phases:
  - at: 0s
    faults: []
duration: 3s
settle: 15s
expect: {lost: 0, silent_loss: 0, unexpected: 0, expected_samples: {min: 2}}
)";

struct Finished {
  int exit_code = -1;
  std::string output;
};

Finished wait_for(ChildProcess& rwchaos, const fs::path& out, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (rwchaos.running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
  Finished finished;
  finished.exit_code = rwchaos.running() ? -1 : rwchaos.exit_status().value_or(-1);
  if (finished.exit_code == -1) rwchaos.stop(1000ms);
  finished.output = read_text(out);
  return finished;
}

// "results: /abs/path/results/20261123T124421Z-concurrent-reference" is the run's last line.
fs::path results_folder_of(const std::string& output) {
  const auto at = output.rfind("results: ");
  if (at == std::string::npos) return {};
  std::string path = output.substr(at + 9);
  path = path.substr(0, path.find('\n'));
  return path;
}

TEST(E2eConcurrentRuns, TwoRunsOfOneScenarioAtOnceShareNoPortAndNoFile) {
  RWCHAOS_REQUIRE_PROGRAMS("victoria-metrics");
  WorkDir work("concurrent");
  const fs::path scenario = work.path() / "scenario.yaml";
  std::ofstream(scenario) << quick_scenario;
  // Same scenario, same working folder, no --results: both want results/<same second>-<same name>.
  std::vector<std::unique_ptr<ChildProcess>> runs;
  for (int i = 0; i < 2; ++i)
    runs.push_back(ChildProcess::start({fmt::format("rwchaos-{}", i), {RWCHAOS_BINARY, "run", scenario.string()},
                                        work.path() / fmt::format("rwchaos-{}.out", i), work.path(), {}}));
  std::vector<fs::path> folders;
  std::set<std::string> listeners, pids, ledgers;
  for (int i = 0; i < 2; ++i) {
    const Finished run = wait_for(*runs[i], work.path() / fmt::format("rwchaos-{}.out", i), 90s);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    const fs::path folder = results_folder_of(run.output);
    ASSERT_FALSE(folder.empty()) << run.output;
    const fs::path dir = work.path() / folder / "concurrent-reference";  // the run's one scenario
    folders.push_back(fs::weakly_canonical(dir));
    ASSERT_TRUE(fs::exists(dir / "report.json")) << run.output;
    const auto report = nlohmann::json::parse(read_text(dir / "report.json"));
    EXPECT_EQ(report["verdict"], "pass") << run.output;
    EXPECT_EQ(report["counts"]["unexpected"], 0) << "a run stored the other's samples";
    // The upstream's bound addresses and pid, and its ledger file.
    const auto ready = nlohmann::json::parse(read_text(dir / "upstream.ready.json"));
    listeners.insert(ready["listen"].get<std::string>());
    listeners.insert(ready["control"].get<std::string>());
    pids.insert(std::to_string(ready["pid"].get<long>()));
    ledgers.insert(fs::weakly_canonical(dir / "ledger.jsonl").string());
    EXPECT_GT(fs::file_size(dir / "ledger.jsonl"), 0u);
  }
  ASSERT_EQ(folders.size(), 2u);
  EXPECT_NE(folders[0], folders[1]);
  EXPECT_EQ(listeners.size(), 4u) << "two upstreams, a listener and a control port each, all distinct";
  EXPECT_EQ(pids.size(), 2u);
  EXPECT_EQ(ledgers.size(), 2u);
  // No file of one run inside the other's folder tree, and neither folder inside the other.
  EXPECT_EQ(folders[0].string().rfind(folders[1].string() + "/", 0), std::string::npos);
  EXPECT_EQ(folders[1].string().rfind(folders[0].string() + "/", 0), std::string::npos);
  // Each client's own listen port (in its log's command line) and storage port differ too.
  std::set<std::string> storage_ports;
  for (const auto& folder : folders) {
    const std::string vm_log = read_text(folder / "logs" / "victoria-metrics.log");
    const auto at = vm_log.find("http://127.0.0.1:");
    ASSERT_NE(at, std::string::npos) << vm_log.substr(0, 2000);
    storage_ports.insert(vm_log.substr(at, vm_log.find_first_not_of("0123456789", at + 17) - at));
  }
  EXPECT_EQ(storage_ports.size(), 2u);
}

}  // namespace
}  // namespace rwchaos::harness::e2e
