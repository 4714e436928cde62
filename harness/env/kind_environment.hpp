#pragma once
// The `kind` environment: the same scenario against the kind cluster scripts/kind-up made, where the
// fault upstream is a pod (behind an Istio sidecar, or not), the client a Deployment with the
// ground-truth generator as a second container, storage a VictoriaMetrics cluster. The harness
// drives it with kubectl (argv, never a shell) and kubectl port-forward. docs/kind.md.
//
// Settings come from the environment, so scenario files stay the same for both environments:
//   RWCHAOS_KIND_CLUSTER   kind cluster name (default rwchaos)
//   RWCHAOS_KIND_UPSTREAM  rwchaos-upstream (behind a sidecar, default) | rwchaos-upstream-direct
//   RWCHAOS_KIND_POLICY    Istio YAML applied for the run (kubectl apply) and deleted after it
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/clients/client_adapter.hpp"
#include "harness/env/environment.hpp"
#include "harness/env/kind_port_forward.hpp"

#include <nlohmann/json.hpp>

namespace rwchaos::harness {

struct KindSettings {
  std::string cluster = "rwchaos";
  std::string ns = "rwchaos";
  std::string upstream = "rwchaos-upstream";
  std::string policy_file;
  static KindSettings from_env();
};

class KindEnvironment : public Environment {
 public:
  explicit KindEnvironment(KindSettings settings) : settings_(std::move(settings)) {}
  ~KindEnvironment() override { stop_all(); }
  void start(const Scenario& scenario, const std::filesystem::path& run_dir, const std::string& first_plan) override;
  const Endpoints& endpoints() const override { return endpoints_; }
  void set_plan(const std::string& plan_yaml) override;
  void stop_series() override;
  std::string failure() override;
  bool drain(std::chrono::milliseconds limit, const std::function<bool()>& cancelled) override;
  nlohmann::json upstream_stats() override;
  ClientMetrics read_client_metrics() override;
  void stop_client() override;
  Observations collect() override;
  void stop_all() override;
  std::vector<std::filesystem::path> log_files() const override;

 private:
  std::string kubectl(const std::vector<std::string>& args, std::chrono::milliseconds limit);
  std::unique_ptr<KindPortForward> forward(const std::string& target, int remote_port, const std::string& log_name);
  void check_cluster();
  void apply_policy();
  void reset_upstream();
  void start_client();
  std::string control_call(const std::string& method, const std::string& path, const std::string& body);
  void read_generator_values();
  std::vector<StoredSeries> stored();
  GroundTruth ground_truth() const;  // the generator's values read last
  void save_pod_logs();

  KindSettings settings_;
  const Scenario* scenario_ = nullptr;
  const ClientAdapter* client_ = nullptr;  // its Deployment is named as its kind
  std::filesystem::path run_dir_;
  std::string kubectl_path_;
  std::string token_;
  Endpoints endpoints_;
  std::vector<std::filesystem::path> logs_;
  std::unique_ptr<KindPortForward> control_;
  std::unique_ptr<KindPortForward> vmselect_;
  std::unique_ptr<KindPortForward> vmstorage_;
  std::unique_ptr<KindPortForward> client_metrics_;
  std::unique_ptr<KindPortForward> generator_values_;
  std::vector<double> generated_;
  ClientMetrics client_metrics_read_;
  bool policy_applied_ = false;
  bool client_scaled_ = false;
  bool stopped_ = false;
};

// For make_environment("kind"): checks kind and kubectl are on PATH first, so a machine without
// them fails with "kind not found: install kind or run with --env local" (EnvironmentError, exit 2).
std::unique_ptr<Environment> make_kind_environment();

}  // namespace rwchaos::harness
