#pragma once
// The `local` environment: every part of a run is a child process on 127.0.0.1 (the generator is a
// thread of the harness).
#include <memory>
#include <optional>

#include "harness/clients/client_launch.hpp"
#include "harness/env/environment.hpp"
#include "harness/env/haproxy_hop.hpp"
#include "harness/env/istio_hop.hpp"
#include "harness/env/upstream_process.hpp"
#include "harness/env/victoria_metrics.hpp"
#include "harness/generator/generator.hpp"

namespace rwchaos::harness {

class LocalEnvironment : public Environment {
 public:
  ~LocalEnvironment() override { stop_all(); }
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
  void start_client(const std::filesystem::path& logs);
  std::string wait_for_first_value();
  std::vector<std::string> stored_metric_names() const;
  GroundTruth ground_truth() const;
  std::vector<StoredSeries> stored();

  const Scenario* scenario_ = nullptr;
  std::filesystem::path run_dir_;
  Endpoints endpoints_;
  std::vector<std::filesystem::path> logs_;
  std::unique_ptr<VictoriaMetrics> storage_;
  std::unique_ptr<UpstreamProcess> upstream_;
  std::unique_ptr<Hop> hop_;
  std::unique_ptr<IstioHop> sidecars_;
  std::unique_ptr<Generator> generator_;
  std::unique_ptr<ChildProcess> client_;
  const ClientAdapter* adapter_ = nullptr;
  std::optional<ClientLaunch> launch_;
  ClientMetrics client_metrics_;
  bool client_stopped_ = false;
};

}  // namespace rwchaos::harness
