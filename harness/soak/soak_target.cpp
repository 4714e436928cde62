#include "harness/soak/soak_target.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <fmt/format.h>

namespace rwchaos::harness::soak {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// vmagent scrapes the harness' counter generator every second; the run lasts `duration`, then the
// runner's settle waits (up to 60 s) until storage holds every scraped value.
std::string scenario_yaml(std::chrono::seconds duration) {
  return fmt::format(R"(name: soak-vmagent
client: {{kind: vmagent, interval: 1s}}
storage: victoria-metrics
phases:
  - at: 0s
    faults: []
duration: {}s
settle: 60s
expect: {{lost: 0, silent_loss: 0, unexpected: 0}}
)",
                     duration.count());
}

bool ledger_has_a_record(const fs::path& ledger) {
  std::error_code ec;
  return fs::exists(ledger, ec) && fs::file_size(ledger, ec) > 0;
}

}  // namespace

SoakTarget start_target(const std::string& rwchaos_binary, const fs::path& work, std::chrono::seconds duration) {
  SoakTarget target;
  const fs::path run = work / "results";
  target.results = run / "soak-vmagent";  // the run's one scenario folder
  const fs::path scenario = work / "soak.yaml";
  std::ofstream(scenario) << scenario_yaml(duration);
  target.rwchaos = ChildProcess::start({"rwchaos run", {rwchaos_binary, "run", scenario.string(), "--results",
                                                         run.string()},
                                        work / "rwchaos.out", work, {}});
  const fs::path ready = target.results / "upstream.ready.json";
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (!ledger_has_a_record(target.results / "ledger.jsonl")) {
    if (!target.rwchaos->running() || std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error(fmt::format("rwchaos run did not get the client writing within 60 s:\n{}",
                                           target.rwchaos->log_tail(3000)));
    std::this_thread::sleep_for(50ms);
  }
  const auto json = nlohmann::json::parse(read_text(ready));
  target.listen = json.at("listen").get<std::string>();
  target.control = "http://" + json.at("control").get<std::string>();
  target.upstream_pid = json.at("pid").get<pid_t>();
  return target;
}

int wait_target(SoakTarget& target, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (target.rwchaos->running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(100ms);
  if (target.rwchaos->running()) {
    target.rwchaos->stop(5000ms);
    return -1;
  }
  return target.rwchaos->exit_status().value_or(-1);
}

nlohmann::json read_report(const SoakTarget& target) {
  const fs::path report = target.results / "report.json";
  if (!fs::exists(report)) return nullptr;
  return nlohmann::json::parse(read_text(report), nullptr, false);
}

ClientTraffic client_traffic(const SoakTarget& target, const std::string& user_agent_prefix) {
  ClientTraffic traffic;
  std::ifstream in(target.results / "ledger.jsonl");
  std::string line;
  std::vector<double> ok_at;
  while (std::getline(in, line)) {
    const auto record = nlohmann::json::parse(line, nullptr, false);
    if (!record.is_object() || !record.contains("headers")) continue;
    const std::string agent = record["headers"].value("user-agent", "");
    if (agent.rfind(user_agent_prefix, 0) != 0) continue;
    traffic.user_agent = agent;
    ++traffic.requests;
    if (record.value("status", 0) / 100 != 2) continue;
    ++traffic.answered_2xx;
    ok_at.push_back(record.value("arrival_unix_ms", 0.0) / 1000.0);
  }
  // Records are appended as answered, not as arrived: sort before measuring gaps.
  std::sort(ok_at.begin(), ok_at.end());
  for (std::size_t i = 1; i < ok_at.size(); ++i)
    traffic.longest_gap_s = std::max(traffic.longest_gap_s, ok_at[i] - ok_at[i - 1]);
  return traffic;
}

}  // namespace rwchaos::harness::soak
