#pragma once
// One sidecar, runnable in-process or as `rwchaos sidecar` (sidecar_main.cpp): the client-facing
// listener, the router, the upstream pool and the admin listener on one io thread (one Envoy worker:
// a model with concurrency 1, so "which pooled connection is reused" has one answer).
#include <memory>
#include <string>

#include "harness/mesh/sidecar_config.hpp"

namespace rwchaos::harness::mesh {

class Sidecar {
 public:
  // Binds both listeners, opens the access log and starts serving. Throws std::runtime_error when
  // an address cannot be bound or the log cannot be opened.
  explicit Sidecar(SidecarConfig config);
  ~Sidecar();
  Sidecar(const Sidecar&) = delete;
  Sidecar& operator=(const Sidecar&) = delete;

  std::string listen_address() const;  // host:port as bound
  std::string admin_address() const;
  void stop();  // stop serving, close every connection; the access log has every finished line

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace rwchaos::harness::mesh
