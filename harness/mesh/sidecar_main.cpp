#include "harness/mesh/sidecar_main.hpp"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <sys/prctl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "harness/common/exit_codes.hpp"
#include "harness/mesh/sidecar.hpp"

namespace rwchaos::harness::mesh {
namespace {

// Written to F.tmp then renamed, so a reader never sees half a file.
bool write_ready_file(const std::string& path, const Sidecar& sidecar) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << nlohmann::json{{"listen", sidecar.listen_address()},
                          {"admin", sidecar.admin_address()},
                          {"pid", static_cast<long>(::getpid())}}.dump()
        << "\n";
    if (!out) return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

// A sidecar never outlives its parent. The harness starts children with PR_SET_PDEATHSIG already
// (SIGKILL); a sidecar started any other way asks for SIGTERM, so it still stops cleanly.
void die_with_parent() {
  int current = 0;
  if (::prctl(PR_GET_PDEATHSIG, &current) == 0 && current != 0) return;
  const pid_t parent = ::getppid();
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) ::raise(SIGTERM);  // the parent died before prctl took effect
}

}  // namespace

int run_sidecar(const SidecarOptions& options) {
  // Block the stop signals in every thread; this one waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  die_with_parent();

  std::unique_ptr<Sidecar> sidecar;
  try {
    sidecar = std::make_unique<Sidecar>(load_sidecar_config(options.config_file));
  } catch (const std::exception& error) {
    std::cerr << "rwchaos sidecar: " << error.what() << "\n";
    return exit_bad_input;
  }
  if (!options.ready_file.empty() && !write_ready_file(options.ready_file, *sidecar)) {
    std::cerr << "rwchaos sidecar: cannot write ready file " << options.ready_file << "\n";
    return exit_bad_input;
  }
  std::cerr << "rwchaos sidecar: listening on " << sidecar->listen_address() << ", admin on "
            << sidecar->admin_address() << "\n";
  int signal = 0;
  sigwait(&stop_signals, &signal);
  sidecar->stop();
  return exit_pass;
}

}  // namespace rwchaos::harness::mesh
