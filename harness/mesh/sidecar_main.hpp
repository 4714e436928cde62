#pragma once
// `rwchaos sidecar --config FILE`: one sidecar as a process, until SIGTERM/SIGINT or its parent's death.
#include <string>

namespace rwchaos::harness::mesh {

struct SidecarOptions {
  std::string config_file;  // JSON, docs/internals.md "The sidecar"
  std::string ready_file;   // written with the bound addresses once listening
};

// Returns the exit code: 0 after a clean stop, 2 for a bad config or an address that cannot be bound.
int run_sidecar(const SidecarOptions& options);

}  // namespace rwchaos::harness::mesh
