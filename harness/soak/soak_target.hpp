#pragma once
// The run under attack: `rwchaos run` on a vmagent scenario with no faults, writing through the
// fault upstream into victoria-metrics; what the soak needs to find and judge it.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/process/child_process.hpp"

namespace rwchaos::harness::soak {

struct SoakTarget {
  std::filesystem::path results;  // the scenario's folder in the run's --results folder
  std::unique_ptr<ChildProcess> rwchaos;
  std::string listen;   // upstream remote-write listener, 127.0.0.1:P
  std::string control;  // http://127.0.0.1:C
  pid_t upstream_pid = 0;
};

// Writes the scenario into `work` and starts `rwchaos run`; waits until the upstream is ready and
// the client's first write is in the ledger. Throws std::runtime_error (an environment error).
SoakTarget start_target(const std::string& rwchaos_binary, const std::filesystem::path& work,
                        std::chrono::seconds duration);

// Waits for `rwchaos run` to exit (killing it after `limit`); returns its exit code, -1 on timeout.
int wait_target(SoakTarget& target, std::chrono::seconds limit);

// report.json, or null when missing.
nlohmann::json read_report(const SoakTarget& target);

// Requests the real client made (user-agent given and not ours) and how many were answered 2xx;
// the longest time between two 2xx answers, in seconds.
struct ClientTraffic {
  std::uint64_t requests = 0;
  std::uint64_t answered_2xx = 0;
  double longest_gap_s = 0;
  std::string user_agent;
};
ClientTraffic client_traffic(const SoakTarget& target, const std::string& user_agent_prefix);

}  // namespace rwchaos::harness::soak
