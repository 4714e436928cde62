#pragma once
// A child process of the harness: own process group, stdout+stderr to a log file, killed with the
// harness (PR_SET_PDEATHSIG, plus a stop on destruction), argv only (never a shell).
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rwchaos::harness {

struct ChildSpec {
  std::string name;                      // for logs and errors: "victoria-metrics", "vmalert", ...
  std::vector<std::string> argv;         // argv[0] is the binary path
  std::filesystem::path log_file;        // stdout and stderr, appended
  std::filesystem::path working_dir;     // empty = inherit
  std::map<std::string, std::string> env_overrides;
};

class ChildProcess {
 public:
  // Throws std::runtime_error naming the binary when it cannot be started.
  static std::unique_ptr<ChildProcess> start(const ChildSpec& spec);
  ~ChildProcess();  // stop() with the default grace
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  int pid() const;
  const std::string& name() const;
  bool running();                    // reaps if it exited
  std::optional<int> exit_status();  // exit code, or 128+signal; empty while running
  // SIGTERM to the process group, wait up to `grace`, then SIGKILL; returns the exit status.
  int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));
  std::string log_tail(std::size_t max_bytes = 4000) const;

 private:
  ChildProcess() = default;
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace rwchaos::harness
