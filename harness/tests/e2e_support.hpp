#pragma once
// End-to-end test support: run the real `rwchaos run` binary on a scenario written by the test, with
// the real clients and storage from .tools/bin (scripts/setup), and read what it reported.
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/clients/binaries.hpp"
#include "harness/process/child_process.hpp"

namespace rwchaos::harness::e2e {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// The programs a test needs; the reason to skip when one is missing.
inline std::string missing_programs(const std::vector<std::string>& programs) {
  std::string missing;
  for (const auto& program : programs) {
    const ProgramLocation location = find_program(program);
    if (!location.found()) missing += location.error + "\n";
  }
  return missing;
}

#define RWCHAOS_REQUIRE_PROGRAMS(...)                                                \
  do {                                                                               \
    const std::string missing = ::rwchaos::harness::e2e::missing_programs({__VA_ARGS__}); \
    if (!missing.empty()) GTEST_SKIP() << missing;                                  \
  } while (0)

class WorkDir {
 public:
  explicit WorkDir(const std::string& name) {
    std::string pattern = (fs::temp_directory_path() / ("rwchaos-e2e-" + name + "-XXXXXX")).string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  // Kept when the test failed, for its logs.
  ~WorkDir() {
    if (!::testing::Test::HasFailure()) {
      std::error_code ec;
      fs::remove_all(path_, ec);
    } else {
      std::cerr << "kept for inspection: " << path_ << "\n";
    }
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// `rwchaos run <scenario> --results <dir>/results` as a child of the test.
inline std::unique_ptr<ChildProcess> start_rwchaos_run(const WorkDir& work, const std::string& scenario_yaml,
                                                       std::vector<std::string> extra = {}) {
  const fs::path scenario = work.path() / "scenario.yaml";
  std::ofstream(scenario) << scenario_yaml;
  std::vector<std::string> argv = {RWCHAOS_BINARY, "run", scenario.string(), "--results",
                                   (work.path() / "results").string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return ChildProcess::start({"rwchaos", argv, work.path() / "rwchaos.out", work.path(), {}});
}

// `rwchaos run ARGS... --results WORK/NAME` as a child of the test, its output in WORK/NAME.out:
// several runs side by side, each in its own results folder.
inline std::unique_ptr<ChildProcess> start_named_run(const WorkDir& work, const std::string& name,
                                                     std::vector<std::string> args,
                                                     const std::map<std::string, std::string>& env = {}) {
  std::vector<std::string> argv = {RWCHAOS_BINARY, "run"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--results", (work.path() / name).string()});
  return ChildProcess::start({"rwchaos run " + name, argv, work.path() / (name + ".out"), work.path(), env});
}

// The folder of the run's one scenario, results/<scenario>/ (one layout for any number of scenarios:
// docs/interpreting-results.md); a path that does not exist until the run has made it.
inline fs::path scenario_dir(const WorkDir& work) {
  const fs::path results = work.path() / "results";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(results, ec))
    if (entry.is_directory()) return entry.path();
  return results / "no-scenario-folder-yet";
}

struct RunOutcome {
  int exit_code = -1;
  nlohmann::json report;  // null when report.json is missing
  std::string output;     // rwchaos' stdout and stderr
};

// The child's exit code; -1 when it was still running at `limit` (then it is stopped).
inline int wait_exit(ChildProcess& child, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (child.running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  if (!child.running()) return child.exit_status().value_or(-1);
  child.stop(1000ms);
  return -1;
}

inline RunOutcome wait_for_run(ChildProcess& rwchaos, const WorkDir& work, std::chrono::seconds limit) {
  RunOutcome outcome;
  outcome.exit_code = wait_exit(rwchaos, limit);
  outcome.output = read_text(work.path() / "rwchaos.out");
  const fs::path report = scenario_dir(work) / "report.json";
  if (fs::exists(report)) outcome.report = nlohmann::json::parse(read_text(report));
  return outcome;
}

inline RunOutcome run_scenario_text(const WorkDir& work, const std::string& scenario_yaml,
                                    std::chrono::seconds limit = 60s, std::vector<std::string> extra = {}) {
  auto rwchaos = start_rwchaos_run(work, scenario_yaml, std::move(extra));
  return wait_for_run(*rwchaos, work, limit);
}

inline std::uint64_t count(const RunOutcome& outcome, const std::string& key) {
  return outcome.report.at("counts").at(key).get<std::uint64_t>();
}

struct CommandOutcome {
  int exit_code = -1;  // -1: still running at the limit (then stopped)
  std::string output;  // stdout and stderr
};

// A program (argv, no shell) as a child of the test in `dir`, its output to `log`, stopped past `limit`.
inline CommandOutcome run_program(const std::vector<std::string>& argv, const fs::path& dir, const fs::path& log,
                                  std::chrono::seconds limit, const std::map<std::string, std::string>& env = {}) {
  std::error_code ignored;
  fs::remove(log, ignored);
  auto child = ChildProcess::start({fs::path(argv.at(0)).filename().string(), argv, log, dir, env});
  CommandOutcome outcome;
  outcome.exit_code = wait_exit(*child, limit);
  outcome.output = read_text(log);
  return outcome;
}

// Ledger records (JSON) the upstream wrote.
inline std::vector<nlohmann::json> ledger(const WorkDir& work) {
  std::vector<nlohmann::json> records;
  std::istringstream in(read_text(scenario_dir(work) / "ledger.jsonl"));
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) records.push_back(nlohmann::json::parse(line));
  return records;
}

// Direct children of `parent`, from /proc.
inline std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> children;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string stat = read_text(entry.path() / "stat");
    const auto paren = stat.rfind(')');
    if (paren == std::string::npos) continue;
    std::istringstream fields(stat.substr(paren + 2));
    char state;
    pid_t ppid = 0;
    fields >> state >> ppid;
    if (ppid == parent) children.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return children;
}

}  // namespace rwchaos::harness::e2e
