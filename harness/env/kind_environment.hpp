#pragma once
// The `kind` environment: the same scenario against the kind cluster scripts/kind-up made, where the
// fault upstream is a pod (behind an Istio sidecar, or not), the client a Deployment with the
// ground-truth generator as a second container, storage a VictoriaMetrics cluster. The harness
// drives it with kubectl alone (argv, never a shell) and kubectl port-forward, so it runs wherever a
// kubeconfig reaches the cluster (a CI job runs it from the rwchaos image). docs/kind.md.
//
// Settings come from the environment, so scenario files stay the same for both environments:
//   RWCHAOS_KIND_CLUSTER   kind cluster name (default rwchaos): kubectl context kind-NAME
//   RWCHAOS_KIND_UPSTREAM  rwchaos-upstream (behind a sidecar, default) | rwchaos-upstream-direct
//   RWCHAOS_KIND_POLICY    Istio YAML applied for the run (kubectl apply) and deleted after it
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/clients/client_adapter.hpp"
#include "harness/env/environment.hpp"
#include "harness/env/kind_port_forward.hpp"

namespace rwchaos::harness {

struct KindSettings {
  std::string cluster = "rwchaos";
  std::string ns = "rwchaos";
  std::string upstream = "rwchaos-upstream";
  std::string policy_file;
  // The Istio the cluster must run (any patch of its minor): kind/versions.env ISTIO_VERSION.
  std::string istio_version = pinned_istio_version();
  static std::string pinned_istio_version();
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
  bool drain(std::chrono::milliseconds limit, const std::function<bool()>& poll) override;
  nlohmann::json upstream_stats() override;
  std::vector<faults::LedgerRecord> ledger_since(std::uint64_t since) override;
  ClientMetrics read_client_metrics() override;
  void stop_client() override;
  Observations collect() override;
  void stop_all() override;
  std::vector<std::filesystem::path> log_files() const override;

 private:
  std::string kubectl(const std::vector<std::string>& args, std::chrono::milliseconds limit);
  std::unique_ptr<KindPortForward> forward(const std::string& target, int remote_port, const std::string& log_name);
  void check_context();
  void check_istio();
  void scale_client_to_zero();
  void apply_policy();
  void open_window();
  std::int64_t cluster_seconds();
  void select_istio_upstream(const Scenario& scenario);
  void start_client();
  // {kubectl, --context kind-CLUSTER, args...}: every kubectl command line of a run.
  std::vector<std::string> kubectl_argv(const std::vector<std::string>& args) const;
  std::string control_call(const std::string& method, const std::string& path, const std::string& body);
  void read_generator_values();
  GroundTruth ground_truth() const;
  std::vector<StoredSeries> stored();
  void follow_client_logs();
  void save_upstream_logs();

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
  std::vector<std::unique_ptr<ChildProcess>> client_logs_;  // kubectl logs -f, one per container
  std::vector<double> generated_;
  ClientMetrics client_metrics_read_;
  std::int64_t window_start_s_ = 0;  // cluster clock: samples stamped before it belong to earlier runs
  std::vector<std::string> applied_policies_;  // deleted again by stop_all
  bool client_scaled_ = false;
  bool stopped_ = false;
};

// For make_environment("kind"): checks kubectl is on PATH first, so a machine without it fails with
// "kubectl not found: install kubectl or run with --env local" (EnvironmentError, exit 2).
std::unique_ptr<Environment> make_kind_environment();

}  // namespace rwchaos::harness
