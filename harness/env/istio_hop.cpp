#include "harness/env/istio_hop.hpp"

#include "harness/scenario/istio_hop_inputs.hpp"

namespace rwchaos::harness {

std::unique_ptr<IstioHop> IstioHop::start(const std::string& binary, const Scenario& scenario,
                                          const std::string& upstream_host_port, const std::filesystem::path& run_dir) {
  const istio::SidecarConfigs configs = istio::translate_istio_hop(istio_hop_inputs(scenario.hop));
  auto hop = std::unique_ptr<IstioHop>(new IstioHop());
  auto settings = [&](const char* role, nlohmann::json config, const std::string& upstream) {
    const auto log = run_dir / (std::string("sidecar-") + role + ".log");
    config["upstream"] = upstream;
    config["seed"] = scenario.seed;
    config["access_log"] = {{"path", log.string()}};
    return SidecarSettings{binary, std::string("sidecar-") + role + "-process", run_dir, config};
  };
  std::string next = upstream_host_port;
  if (configs.inbound) {
    hop->inbound_ = SidecarProcess::start(settings("inbound", *configs.inbound, next));
    next = hop->inbound_->listen_address();
  }
  hop->outbound_ = SidecarProcess::start(settings("outbound", configs.outbound, next));
  hop->access_logs_.push_back(run_dir / "sidecar-outbound.log");
  if (hop->inbound_) hop->access_logs_.push_back(run_dir / "sidecar-inbound.log");
  return hop;
}

std::string IstioHop::listen_url() const { return "http://" + outbound_->listen_address(); }

std::vector<ChildProcess*> IstioHop::processes() {
  std::vector<ChildProcess*> out{&outbound_->process()};
  if (inbound_) out.push_back(&inbound_->process());
  return out;
}

std::vector<std::filesystem::path> IstioHop::access_logs() const { return access_logs_; }

MeshObservations IstioHop::observe() {
  MeshObservations mesh;
  mesh.present = true;
  for (SidecarProcess* sidecar : {outbound_.get(), inbound_.get()})
    if (sidecar) mesh.retries += sidecar->stats().value("upstream_rq_retry", std::uint64_t{0});
  mesh.outbound = read_access_log(access_logs_.front());
  if (inbound_) mesh.inbound = read_access_log(access_logs_.back());
  return mesh;
}

void IstioHop::stop() {
  // The client's side first, as a pod's sidecars go; SIGTERM leaves every finished log line.
  if (outbound_) outbound_->process().stop(std::chrono::seconds(3));
  if (inbound_) inbound_->process().stop(std::chrono::seconds(3));
}

}  // namespace rwchaos::harness
