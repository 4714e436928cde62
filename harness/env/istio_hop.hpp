#pragma once
// `hop: {kind: istio}` locally (docs/scenario.md "hop"): the client's outbound sidecar and, unless
// `server_sidecar: false`, the server's inbound one, as `rwchaos sidecar` children:
// client -> outbound -> inbound -> upstream. A MODEL of Envoy as Istio configures it, not Envoy.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "harness/checks/observations.hpp"
#include "harness/env/sidecar_process.hpp"
#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

class IstioHop {
 public:
  // Translates the hop's policies (harness/istio/sidecar_translation.hpp), starts the inbound sidecar
  // then the outbound one, each ready on its admin /ready. Access logs: <run_dir>/sidecar-<role>.log.
  // Throws std::runtime_error (or faults::config::InvalidInput for a policy the model refuses).
  static std::unique_ptr<IstioHop> start(const std::string& binary, const Scenario& scenario,
                                         const std::string& upstream_host_port, const std::filesystem::path& run_dir);
  std::string listen_url() const;  // the outbound sidecar: http://127.0.0.1:P
  // The sidecars still to watch: outbound first.
  std::vector<ChildProcess*> processes();
  std::vector<std::filesystem::path> access_logs() const;  // outbound first
  void stop();
  // Both access logs and the sidecars' retries (GET /stats), while they run.
  MeshObservations observe();

 private:
  std::unique_ptr<SidecarProcess> outbound_;
  std::unique_ptr<SidecarProcess> inbound_;
  std::vector<std::filesystem::path> access_logs_;
};

}  // namespace rwchaos::harness
