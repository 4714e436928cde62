// `rwchaos run --jobs N`: scenarios of one suite run side by side, each in its own environment,
// the suite's order kept in the summary, no progress lines mixed, and an interrupt still stops all.
#include <time.h>

#include <algorithm>
#include <mutex>
#include <set>

#include "harness/process/ports.hpp"
#include "harness/tests/e2e_support.hpp"
#include "harness/tests/env_process_probe.hpp"

namespace rwchaos::harness::e2e {
namespace {

// A scenario whose ledger is its storage (no victoria-metrics: two at once stay light); any sender
// will do, so the reference sender (this binary, nothing to install, starts in milliseconds).
std::string light_scenario(const std::string& name, const std::string& duration, const std::string& settle) {
  return fmt::format(R"(
name: {}
client: {{kind: reference, interval: 1s}}
storage: none
phases:
  - at: 0s
    faults: []
duration: {}
settle: {}
expect: {{lost: 0, silent_loss: 0, requests: {{min: 2}}}}
)",
                     name, duration, settle);
}

// File order (01-, 02-) is the suite's order; the names sort the other way, so an order taken from
// names or from finishing times shows.
fs::path write_suite(const WorkDir& work, const std::string& first_duration, const std::string& second_duration,
                     const std::string& settle = "3s") {
  const fs::path suite = work.path() / "suite";
  fs::create_directories(suite);
  std::ofstream(suite / "01-zeta.yaml") << light_scenario("zeta-run", first_duration, settle);
  std::ofstream(suite / "02-alpha.yaml") << light_scenario("alpha-run", second_duration, settle);
  return suite;
}

std::unique_ptr<ChildProcess> start_suite(const WorkDir& work, const fs::path& suite, unsigned jobs) {
  return ChildProcess::start({"rwchaos",
                              {RWCHAOS_BINARY, "run", suite.string(), "--jobs", std::to_string(jobs), "--results",
                               (work.path() / "results").string()},
                              work.path() / "rwchaos.out",
                              work.path(),
                              {}});
}

int wait_exit(ChildProcess& rwchaos, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (rwchaos.running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
  if (rwchaos.running()) {
    rwchaos.stop(1000ms);
    return -1;
  }
  return rwchaos.exit_status().value_or(-1);
}

nlohmann::json report_of(const WorkDir& work, const std::string& scenario) {
  const fs::path path = work.path() / "results" / scenario / "report.json";
  if (!fs::exists(path)) return nullptr;
  return nlohmann::json::parse(read_text(path));
}

// "2026-11-23T15:33:31.123Z" -> ms since the epoch.
double unix_ms(const std::string& iso) {
  std::tm utc{};
  int ms = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &utc.tm_year, &utc.tm_mon, &utc.tm_mday, &utc.tm_hour,
                  &utc.tm_min, &utc.tm_sec, &ms) != 7)
    throw std::runtime_error("not an ISO 8601 UTC time: " + iso);
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  return static_cast<double>(::timegm(&utc)) * 1000.0 + ms;
}

TEST(RunJobs, TwoScenariosRunAtOnceBothPassAndTheSuiteOrderIsKept) {
  WorkDir work("jobs-two");
  // zeta runs longer, so alpha finishes first: the summary must still list zeta first.
  const fs::path suite = write_suite(work, "6s", "3s");
  auto rwchaos = start_suite(work, suite, 2);
  const int code = wait_exit(*rwchaos, 90s);
  const std::string output = read_text(work.path() / "rwchaos.out");
  ASSERT_EQ(code, 0) << output;

  const nlohmann::json zeta = report_of(work, "zeta-run");
  const nlohmann::json alpha = report_of(work, "alpha-run");
  ASSERT_FALSE(zeta.is_null()) << output;
  ASSERT_FALSE(alpha.is_null()) << output;
  EXPECT_EQ(zeta["verdict"], "pass") << zeta.dump(2);
  EXPECT_EQ(alpha["verdict"], "pass") << alpha.dump(2);
  // Side by side: each started before the other finished.
  const double zeta_start = unix_ms(zeta["started"]), zeta_end = unix_ms(zeta["finished"]);
  const double alpha_start = unix_ms(alpha["started"]), alpha_end = unix_ms(alpha["finished"]);
  EXPECT_LT(zeta_start, alpha_end) << output;
  EXPECT_LT(alpha_start, zeta_end) << output;
  EXPECT_LT(alpha_end, zeta_end) << "alpha (3s) should finish before zeta (6s)\n" << output;

  // Each in its own environment: different upstream ports in the ledgers' own folders.
  EXPECT_TRUE(fs::exists(work.path() / "results" / "zeta-run" / "ledger.jsonl"));
  EXPECT_TRUE(fs::exists(work.path() / "results" / "alpha-run" / "ledger.jsonl"));

  // The suite's order, not the finishing order, in the summary and the JUnit file.
  const std::string summary = read_text(work.path() / "results" / "summary.md");
  ASSERT_NE(summary.find("zeta-run"), std::string::npos) << summary;
  ASSERT_NE(summary.find("alpha-run"), std::string::npos) << summary;
  EXPECT_LT(summary.find("zeta-run"), summary.find("alpha-run")) << summary;
  const std::string junit = read_text(work.path() / "results" / "junit.xml");
  EXPECT_LT(junit.find("zeta-run"), junit.find("alpha-run")) << junit;

  // Whole lines only: a start and a finish line per scenario, no live progress line.
  EXPECT_EQ(output.find("phase 1/1"), std::string::npos) << output;
  EXPECT_NE(output.find("▶ zeta-run"), std::string::npos) << output;
  EXPECT_NE(output.find("▶ alpha-run"), std::string::npos) << output;
  EXPECT_NE(output.find("  zeta-run: pass ("), std::string::npos) << output;
  EXPECT_NE(output.find("  alpha-run: pass ("), std::string::npos) << output;
  EXPECT_LT(output.find("  alpha-run: pass ("), output.find("  zeta-run: pass (")) << output;
}

TEST(RunJobs, SigtermStopsEveryRunningScenarioAndWritesTheirPartialReports) {
  WorkDir work("jobs-sigterm");
  const fs::path suite = write_suite(work, "60s", "60s");
  auto rwchaos = start_suite(work, suite, 2);
  // Both running: two upstreams, two senders (four children), both ledgers written to.
  const auto ledger_written = [&](const std::string& scenario) {
    const fs::path ledger = work.path() / "results" / scenario / "ledger.jsonl";
    return fs::exists(ledger) && fs::file_size(ledger) > 0;
  };
  std::vector<pid_t> children;
  const auto deadline = std::chrono::steady_clock::now() + 40s;
  while (std::chrono::steady_clock::now() < deadline) {
    children = children_of(rwchaos->pid());
    if (children.size() >= 4 && ledger_written("zeta-run") && ledger_written("alpha-run")) break;
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_EQ(children.size(), 4u) << read_text(work.path() / "rwchaos.out");
  ::kill(rwchaos->pid(), SIGTERM);
  const int code = wait_exit(*rwchaos, 40s);
  const std::string output = read_text(work.path() / "rwchaos.out");
  EXPECT_EQ(code, 2) << output;
  for (const std::string scenario : {"zeta-run", "alpha-run"}) {
    const nlohmann::json report = report_of(work, scenario);
    ASSERT_FALSE(report.is_null()) << scenario << "\n" << output;
    EXPECT_EQ(report["verdict"], "error") << scenario;
    EXPECT_NE(report["error"].get<std::string>().find("interrupted"), std::string::npos) << report["error"];
    EXPECT_GE(report["counts"]["requests"].get<std::uint64_t>(), 1u) << scenario;  // partial counts
  }
  for (pid_t child : children) EXPECT_TRUE(test::wait_until_dead(child, 5s)) << "survived: " << child;
  const std::string summary = read_text(work.path() / "results" / "summary.md");
  EXPECT_LT(summary.find("zeta-run"), summary.find("alpha-run")) << summary;
}

TEST(RunJobs, JobsAboveOneIsRefusedForTheKindEnvironment) {
  WorkDir work("jobs-kind");
  const fs::path suite = write_suite(work, "2s", "2s");
  auto rwchaos = ChildProcess::start({"rwchaos",
                                      {RWCHAOS_BINARY, "run", suite.string(), "--env", "kind", "--jobs", "2",
                                       "--results", (work.path() / "results").string()},
                                      work.path() / "rwchaos.out",
                                      work.path(),
                                      {}});
  EXPECT_EQ(wait_exit(*rwchaos, 20s), 2);
  EXPECT_NE(read_text(work.path() / "rwchaos.out").find("--jobs > 1 needs --env local"), std::string::npos);
  EXPECT_FALSE(fs::exists(work.path() / "results" / "zeta-run"));
}

// Environments started at once ask for ports from several threads: no port may be handed out twice.
TEST(RunJobs, FreePortNeverHandsOutAPortTwiceAcrossThreads) {
  constexpr int threads = 4;
  constexpr int per_thread = 100;
  std::mutex mutex;
  std::vector<int> ports;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) {
        const int port = free_port();
        std::lock_guard lock(mutex);
        ports.push_back(port);
      }
    });
  for (auto& thread : pool) thread.join();
  ASSERT_EQ(ports.size(), static_cast<std::size_t>(threads * per_thread));
  const std::set<int> distinct(ports.begin(), ports.end());
  EXPECT_EQ(distinct.size(), ports.size());
  for (int port : ports) EXPECT_GT(port, 0);
}

}  // namespace
}  // namespace rwchaos::harness::e2e
