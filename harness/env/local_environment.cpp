#include "harness/env/local_environment.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "harness/checks/sample_accounting.hpp"
#include "harness/clients/binaries.hpp"
#include "harness/clients/client_registry.hpp"
#include "harness/clients/service_programs.hpp"
#include "harness/env/vmauth_hop.hpp"
#include "harness/env/client_metrics.hpp"
#include "harness/env/drain.hpp"
#include "harness/process/http_client.hpp"
#include "harness/process/ports.hpp"
#include "harness/process/rwchaos_binary.hpp"

namespace rwchaos::harness {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string child_exit_message(ChildProcess& child) {
  return fmt::format("{} exited with status {}; last log lines:\n{}", child.name(), child.exit_status().value_or(-1),
                     child.log_tail(2000));
}

// A storage or hop program at `version` (empty: its default), service_programs.hpp.
fs::path require_service(const std::string& role, const std::string& kind, const std::string& version) {
  const ServiceProgram* service = find_service_program(role, kind);
  if (!service) throw EnvironmentError(fmt::format("no {} {} is known", role, kind));
  const std::string wanted = version.empty() ? service->default_version : version;
  const ProgramLocation location = find_program_version(service->program, wanted, wanted == service->default_version);
  if (!location.found()) throw EnvironmentError(location.error);
  return location.path;
}

fs::path require(const std::string& program) {
  const ProgramLocation location = find_program(program);
  if (!location.found()) throw EnvironmentError(location.error);
  return location.path;
}

}  // namespace

void LocalEnvironment::start(const Scenario& scenario, const fs::path& run_dir, const std::string& first_plan) {
  scenario_ = &scenario;
  run_dir_ = run_dir;
  const fs::path logs = run_dir / "logs";
  fs::create_directories(logs);
  try {
    adapter_ = find_client_adapter(scenario.client.kind);
    if (!adapter_)
      throw EnvironmentError(fmt::format("{}: client.kind '{}' is unknown (known: {})", scenario.file,
                                         scenario.client.kind, known_client_kinds()));
    if (scenario.storage == "victoria-metrics") {
      logs_.push_back(logs / "victoria-metrics.log");
      storage_ = VictoriaMetrics::start(require_service("storage", "victoria-metrics", scenario.storage_version),
                                        run_dir / "vm-data", logs_.back());
      endpoints_.storage_url = storage_->base_url();
    }
    logs_.push_back(logs / "upstream.log");
    upstream_ = UpstreamProcess::start(
        {rwchaos_binary(), storage_ ? storage_->write_url() : std::string{}, run_dir, logs_.back(), {}});
    endpoints_.upstream_url = upstream_->listen_url();
    endpoints_.upstream_control_url = upstream_->control_url();
    set_plan(first_plan);
    endpoints_.client_write_url = endpoints_.upstream_url;
    if (scenario.hop.kind == "haproxy") {
      logs_.push_back(logs / "haproxy.log");
      hop_ = start_haproxy_hop(require("haproxy"), scenario.hop, upstream_->listen_url().substr(7), run_dir, logs_.back());
    } else if (scenario.hop.kind == "vmauth") {
      logs_.push_back(logs / "vmauth.log");
      hop_ = start_vmauth_hop(require_service("hop", "vmauth", ""), scenario.hop, upstream_->listen_url(), run_dir,
                              logs_.back());
    } else if (scenario.hop.kind == "istio") {
      sidecars_ = IstioHop::start(rwchaos_binary(), scenario, upstream_->listen_url().substr(7), run_dir);
      for (const auto& log : sidecars_->access_logs()) logs_.push_back(log);
      endpoints_.hop_url = sidecars_->listen_url();
      endpoints_.client_write_url = endpoints_.hop_url;
    } else if (scenario.hop.kind != "none") {
      throw EnvironmentError(fmt::format("{}: hop '{}' is not available locally (known: none, haproxy, vmauth, istio)",
                                         scenario.file, scenario.hop.kind));
    }
    if (hop_) {
      endpoints_.hop_url = hop_->listen_url();
      endpoints_.client_write_url = endpoints_.hop_url;
    }
    generator_ = Generator::start();
    if (scenario.generator.stopping_series.count() > 0) generator_->serve_stopping_series();
    endpoints_.generator_url = generator_->base_url();
    start_client(logs);
  } catch (const EnvironmentError&) {
    throw;
  } catch (const std::exception& error) {
    throw EnvironmentError(error.what());
  }
}

void LocalEnvironment::start_client(const fs::path& logs) {
  const ProgramLocation binary = resolve_client_binary(*adapter_, scenario_->client);
  if (!binary.found()) throw EnvironmentError(binary.error);
  ClientContext ctx;
  ctx.client = scenario_->client;
  ctx.run_dir = run_dir_;
  ctx.log_file = logs / (adapter_->kind + ".log");
  ctx.binary = binary.path.string();
  ctx.write_url = endpoints_.client_write_url + adapter_->write_path;
  ctx.generator_host_port = generator_->host_port();
  logs_.push_back(ctx.log_file);
  // The client's own port was free when picked; another process may take it first. Retry then. The
  // taker may answer the ready URL itself (another sender's /health), so a client that exits before
  // data flows counts too.
  for (int attempt = 1;; ++attempt) {
    ctx.listen_port = free_port();
    launch_ = prepare_launch(*adapter_, ctx);
    if (launch_->spec.argv.empty()) throw EnvironmentError(fmt::format("{}: client.argv is empty", scenario_->file));
    client_ = ChildProcess::start(launch_->spec);
    std::string why = launch_->ready_url.empty() ? "" : wait_for_http_200(launch_->ready_url, 30s, client_.get());
    const bool ready = why.empty();
    if (ready) why = wait_for_first_value();
    if (why.empty()) return;
    if (!client_->running()) {
      const bool port_taken = client_->log_tail(2000).find("address already in use") != std::string::npos;
      if (port_taken && attempt < 3) continue;
      throw EnvironmentError(child_exit_message(*client_));
    }
    // A running client that never got ready: name it and show its log (wait_for_first_value's
    // message already carries the log tail).
    if (!ready)
      throw EnvironmentError(fmt::format("{} did not become ready: {}\n{}", adapter_->kind, why, client_->log_tail(2000)));
    throw EnvironmentError(why);
  }
}

// A client is started once data flows: Prometheus, for one, applies new scrape targets only every
// 5 s, so "ready" alone would eat into the first phase. Empty once it does, else why not.
std::string LocalEnvironment::wait_for_first_value() {
  if (adapter_->source == GeneratorSource::none) return "";
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (ground_truth().values.begin()->second.empty()) {
    if (!client_->running()) return child_exit_message(*client_);
    if (std::chrono::steady_clock::now() > deadline)
      return fmt::format("{} did not query or scrape the generator within 30 s:\n{}", adapter_->kind,
                         client_->log_tail(2000));
    std::this_thread::sleep_for(20ms);
  }
  return "";
}

void LocalEnvironment::set_plan(const std::string& plan_yaml) {
  try {
    upstream_->set_plan(plan_yaml);
  } catch (const std::exception& error) {
    throw EnvironmentError(error.what());
  }
}

void LocalEnvironment::stop_series() {
  if (generator_) generator_->stop_series();
}

std::string LocalEnvironment::failure() {
  for (ChildProcess* child : {storage_ ? &storage_->process() : nullptr, upstream_ ? &upstream_->process() : nullptr,
                              hop_ ? &hop_->process() : nullptr}) {
    if (child && !child->running()) return child_exit_message(*child);
  }
  // A sidecar that died mid-run would turn every later request into a connection error the client
  // sees: the run is broken, not the client.
  if (sidecars_)
    for (ChildProcess* sidecar : sidecars_->processes())
      if (!sidecar->running()) return child_exit_message(*sidecar);
  if (client_ && !client_stopped_ && !client_->running()) {
    // A command client may finish on its own; success is not a failure.
    if (adapter_->kind == "command" && client_->exit_status() == 0) return {};
    return child_exit_message(*client_);
  }
  return {};
}

std::vector<std::string> LocalEnvironment::stored_metric_names() const {
  if (adapter_ && !adapter_->stored_metric.empty()) return {adapter_->stored_metric};
  return scenario_ ? scenario_->client.expected_series : std::vector<std::string>{};
}

GroundTruth LocalEnvironment::ground_truth() const {
  GroundTruth truth;
  if (!launch_ || !generator_) return truth;
  switch (adapter_->source) {
    case GeneratorSource::query: truth.values[adapter_->stored_metric] = generator_->queried_values(); break;
    case GeneratorSource::scrape: truth.values[adapter_->stored_metric] = generator_->scraped_values(); break;
    case GeneratorSource::none:
      for (const auto& series : scenario_->client.expected_series)
        truth.counts[series] = scenario_->client.expected_samples_per_series;
      return truth;
  }
  if (scenario_->generator.stopping_series.count() > 0) truth.stopped = {{adapter_->stored_metric, stopping_series_label}};
  truth.frozen_unix_ms = generator_->frozen_unix_ms();
  return truth;
}

std::vector<StoredSeries> LocalEnvironment::stored() {
  const std::vector<std::string> names = stored_metric_names();
  if (storage_) {
    storage_->force_flush();
    return storage_->export_series(names);
  }
  std::vector<StoredSeries> wanted;
  for (auto& series : upstream_->export_series()) {
    const auto name = series.labels.find("__name__");
    if (name != series.labels.end() && std::find(names.begin(), names.end(), name->second) != names.end())
      wanted.push_back(std::move(series));
  }
  return wanted;
}

bool LocalEnvironment::drain(std::chrono::milliseconds limit, const std::function<bool()>& poll) {
  if (generator_) generator_->freeze();
  DrainProbe probe;
  probe.ledger_since = [this](std::uint64_t since) { return upstream_->ledger(since); };
  probe.all_expected_stored = [this] { return count_lost(ground_truth(), stored()) == 0; };
  probe.failure = [this] { return failure(); };
  const auto quiet_for = std::max<std::chrono::milliseconds>(1000ms, scenario_->client.interval);
  try {
    return wait_until_drained(probe, {limit, quiet_for, 250ms}, poll);
  } catch (const std::exception& error) {
    throw EnvironmentError(std::string("while draining: ") + error.what());
  }
}

nlohmann::json LocalEnvironment::upstream_stats() {
  try {
    return upstream_ ? upstream_->stats() : nlohmann::json::object();
  } catch (const std::exception&) {
    return nlohmann::json::object();
  }
}

std::vector<faults::LedgerRecord> LocalEnvironment::ledger_since(std::uint64_t since) {
  if (!upstream_) return {};
  try {
    return upstream_->ledger(since);
  } catch (const std::exception& error) {
    throw EnvironmentError(std::string("reading the ledger: ") + error.what());
  }
}

ClientMetrics LocalEnvironment::read_client_metrics() {
  ClientMetrics metrics;
  if (!launch_ || launch_->metrics_url.empty() || !client_ || !client_->running()) return client_metrics_ = metrics;
  const HttpAnswer answer = http_get(launch_->metrics_url, 5s);
  if (answer.status != 200) return client_metrics_ = metrics;
  return client_metrics_ = client_metrics_from_text(*adapter_, answer.body);
}

void LocalEnvironment::stop_client() {
  client_stopped_ = true;
  // Clients flush on SIGTERM (vmalert's shutdown flush, Prometheus' flush deadline of 10 s).
  if (client_) client_->stop(15s);
}

Observations LocalEnvironment::collect() {
  Observations observations;
  // A start that failed part-way (the upstream never came up) has nothing to collect but the client's metrics.
  if (!upstream_) {
    observations.client = client_metrics_;
    return observations;
  }
  try {
    observations.ledger = upstream_->ledger();
    observations.expected = ground_truth();
    observations.stored = stored();
    if (sidecars_) observations.mesh = sidecars_->observe();
    add_upstream_stats(observations, upstream_->stats());
    observations.connection_faults = upstream_->connection_faults();
  } catch (const std::exception& error) {
    throw EnvironmentError(std::string("while collecting observations: ") + error.what());
  }
  observations.client = client_metrics_;
  return observations;
}

void LocalEnvironment::stop_all() {
  client_stopped_ = true;
  if (client_) client_->stop(5s);
  if (hop_) hop_->process().stop(3s);
  if (sidecars_) sidecars_->stop();
  if (upstream_) upstream_->process().stop(5s);
  if (storage_) storage_->process().stop(10s);
  generator_.reset();
}

std::vector<fs::path> LocalEnvironment::log_files() const { return logs_; }

}  // namespace rwchaos::harness
