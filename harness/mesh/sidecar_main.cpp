#include "harness/mesh/sidecar_main.hpp"

#include <csignal>
#include <iostream>

#include <sys/prctl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "faults/upstream/process_lifecycle.hpp"
#include "harness/common/exit_codes.hpp"
#include "harness/mesh/sidecar.hpp"

namespace rwchaos::harness::mesh {
namespace {

bool write_ready_file(const std::string& path, const Sidecar& sidecar) {
  return faults::write_file_atomically(path, nlohmann::json{{"listen", sidecar.listen_address()},
                                                            {"admin", sidecar.admin_address()},
                                                            {"pid", static_cast<long>(::getpid())}}.dump() +
                                                 "\n");
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
  faults::StopSignals stop_signals;  // before the sidecar's io thread starts
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
  stop_signals.wait();
  sidecar->stop();
  return exit_pass;
}

}  // namespace rwchaos::harness::mesh
