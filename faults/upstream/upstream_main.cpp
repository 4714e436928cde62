#include "faults/upstream/upstream_main.hpp"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "faults/plan/fields.hpp"
#include "faults/upstream/upstream.hpp"

namespace rwchaos::faults {
namespace {

constexpr int exit_ok = 0;
constexpr int exit_bad_input = 2;

// Written to F.tmp then renamed, so a reader never sees half a file.
bool write_ready_file(const std::string& path, const Upstream& upstream) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << nlohmann::json{{"listen", upstream.listen_address()},
                          {"control", upstream.control_address()},
                          {"pid", static_cast<long>(::getpid())}}.dump()
        << "\n";
    if (!out) return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

}  // namespace

int run_upstream(const UpstreamOptions& options) {
  // Block the stop signals in every thread; this one waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  std::unique_ptr<Upstream> upstream;
  try {
    upstream = std::make_unique<Upstream>(options);
  } catch (const PlanException& error) {
    std::cerr << "rwchaos upstream: " << error.what() << "\n";
    return exit_bad_input;
  } catch (const std::exception& error) {
    std::cerr << "rwchaos upstream: " << error.what() << "\n";
    return exit_bad_input;
  }
  if (!options.ready_file.empty() && !write_ready_file(options.ready_file, *upstream)) {
    std::cerr << "rwchaos upstream: cannot write ready file " << options.ready_file << "\n";
    return exit_bad_input;
  }
  std::cerr << "rwchaos upstream: listening on " << upstream->listen_address() << ", control on "
            << upstream->control_address() << "\n";
  int signal = 0;
  sigwait(&stop_signals, &signal);
  upstream->stop();
  return exit_ok;
}

}  // namespace rwchaos::faults
