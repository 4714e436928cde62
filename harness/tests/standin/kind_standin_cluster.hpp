#pragma once
// A stand-in for the kind cluster, for the KindEnvironmentStandIn tests: what `rwchaos run --env kind`
// reaches through kubectl, played by real local processes. The stand-in kubectl (kind_standin_main.cpp)
// asks it what each command does:
//   - storage: real victoria-metrics behind a router that answers vminsert's, vmselect's and
//     vmstorage's cluster paths (/insert/0/prometheus/..., /select/0/prometheus/..., /internal/...),
//     recording every request;
//   - rwchaos-upstream(-direct): the real `rwchaos upstream`, started with the args of
//     kind/upstream/*.yaml;
//   - a client Deployment scaled to 1: the real vmalert or vmagent (.tools/bin) and the real
//     rwchaos-kind-generator, started with the containers' args, env and ConfigMaps of
//     kind/clients/*.yaml, pod ports mapped to free loopback ports;
//   - port-forward: prints kubectl's "Forwarding from" line for the loopback port that serves the
//     target's port, and holds until the harness ends it.
// No Envoy runs here: the client writes to the upstream directly (the mesh is the kind path's own).
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rwchaos::harness::standin {

struct StandInOptions {
  std::string cluster = "rwchaos";
  std::string istiod_image = "docker.io/istio/pilot:1.24.6";
  std::string token = "stand-in-token-5f0c";
  // A kubectl call whose argv, joined by spaces, contains this fails with exit 1 and a message on stderr.
  std::string fail_when;
};

class StandInCluster {
 public:
  // Starts storage, its router, both upstreams and the tool server. Throws std::runtime_error.
  explicit StandInCluster(StandInOptions options);
  ~StandInCluster();
  StandInCluster(const StandInCluster&) = delete;
  StandInCluster& operator=(const StandInCluster&) = delete;

  // PATH (stand-in kubectl, kind, istioctl first), RWCHAOS_STANDIN_URL and RWCHAOS_STANDIN_LOG for
  // the `rwchaos run` under test.
  std::map<std::string, std::string> run_env() const;
  // Every stand-in call, in order: {"pid", "tool", "argv"}, and {"pid", "tool", "ended_by_signal"}
  // when a held command was ended.
  std::vector<nlohmann::json> calls() const;
  // "GET /select/0/prometheus/api/v1/export?match[]=...&start=...&end=..." per storage request.
  std::vector<std::string> storage_requests() const;
  // Samples of an earlier run (the same metric and values, older timestamps), straight into storage.
  void seed_storage(const std::string& metric, const std::vector<double>& values, std::int64_t first_ms);
  // The pid of the port-forward that holds `target` (e.g. "deployment/rwchaos-upstream"), 0 if none.
  pid_t port_forward_pid(const std::string& target) const;
  const std::filesystem::path& dir() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace rwchaos::harness::standin
