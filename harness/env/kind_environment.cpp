#include "harness/env/kind_environment.hpp"

#include <httplib.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "harness/checks/sample_accounting.hpp"
#include "harness/clients/client_registry.hpp"
#include "harness/env/client_metrics.hpp"
#include "harness/env/kind_tools.hpp"
#include "harness/env/victoria_metrics.hpp"
#include "harness/istio/istio_policy.hpp"

namespace rwchaos::harness {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr int upstream_write_port = 8480;
constexpr int upstream_control_port = 9090;
constexpr int vmselect_port = 8481;
constexpr int vmstorage_http_port = 8482;
constexpr int generator_values_port = 9101;  // kind/clients/*.yaml: rwchaos-kind-generator --values-port

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

// One HTTP call to a port-forwarded service; status 0 when there was no answer.
httplib::Result call(const std::string& base_url, const std::string& path, const std::string& method,
                     const std::string& body, const std::string& token, std::chrono::seconds timeout = 10s) {
  httplib::Client client(base_url);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  if (method == "GET") return client.Get(path, headers);
  if (method == "PUT") return client.Put(path, headers, body, "application/yaml");
  return client.Post(path, headers, body, "application/json");
}

std::string describe(const httplib::Result& result) {
  if (!result) return "no answer (" + httplib::to_string(result.error()) + ")";
  return fmt::format("{} {}", result->status, result->body.substr(0, 500));
}

// The kinds kind/clients/ has a manifest for, as the adapters say: "vmalert, vmagent".
std::string kinds_with_manifest() {
  std::string out;
  for (const auto& adapter : client_adapters())
    if (adapter.kind_http_port != 0) out += (out.empty() ? "" : ", ") + adapter.kind;
  return out;
}

}  // namespace

KindSettings KindSettings::from_env() {
  KindSettings settings;
  settings.cluster = env_or("RWCHAOS_KIND_CLUSTER", settings.cluster);
  settings.upstream = env_or("RWCHAOS_KIND_UPSTREAM", settings.upstream);
  settings.policy_file = env_or("RWCHAOS_KIND_POLICY", "");
  return settings;
}

std::unique_ptr<Environment> make_kind_environment() {
  if (const std::string missing = missing_kind_tools(); !missing.empty()) throw EnvironmentError(missing);
  return std::make_unique<KindEnvironment>(KindSettings::from_env());
}

std::string KindEnvironment::kubectl(const std::vector<std::string>& args, std::chrono::milliseconds limit) {
  std::vector<std::string> argv = {kubectl_path_, "--context", "kind-" + settings_.cluster};
  argv.insert(argv.end(), args.begin(), args.end());
  const ToolResult result = run_tool(argv, limit);
  if (!result.ok()) {
    throw EnvironmentError(fmt::format("{} failed ({}): {}", describe_argv(argv),
                                       result.timed_out ? "timed out" : fmt::format("exit {}", result.exit_code),
                                       result.error.empty() ? result.output : result.error));
  }
  return result.output;
}

std::unique_ptr<KindPortForward> KindEnvironment::forward(const std::string& target, int remote_port,
                                                          const std::string& log_name) {
  logs_.push_back(run_dir_ / "logs" / ("port-forward-" + log_name + ".log"));
  try {
    return KindPortForward::start(kubectl_path_, "kind-" + settings_.cluster, settings_.ns, target, remote_port, logs_.back(), 30s);
  } catch (const std::exception& error) {
    throw EnvironmentError(error.what());
  }
}

void KindEnvironment::check_cluster() {
  const ToolResult clusters = run_tool({"kind", "get", "clusters"}, 30s);
  if (!clusters.ok()) {
    throw EnvironmentError(fmt::format("kind get clusters failed: {} (is docker running?)",
                                       clusters.error.empty() ? clusters.output : clusters.error));
  }
  std::istringstream lines(clusters.output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line == settings_.cluster) return;
  }
  throw EnvironmentError(fmt::format("kind cluster '{}' not found: run scripts/kind-up (or set RWCHAOS_KIND_CLUSTER)",
                                     settings_.cluster));
}

void KindEnvironment::apply_policy() {
  if (settings_.policy_file.empty()) return;
  const IstioPolicy policy = load_istio_policy(settings_.policy_file);
  std::ofstream(run_dir_ / "istio-policy.json")
      << to_json(policy).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  if (!policy.errors.empty()) {
    std::string all;
    for (const auto& error : policy.errors) all += "\n" + error;
    throw EnvironmentError("RWCHAOS_KIND_POLICY has errors:" + all);
  }
  kubectl({"apply", "-n", settings_.ns, "-f", settings_.policy_file}, 60s);
  policy_applied_ = true;
}

std::string KindEnvironment::control_call(const std::string& method, const std::string& path,
                                          const std::string& body) {
  const auto result = call(control_->url(), path, method, body, token_);
  if (!result || result->status != 200) {
    throw EnvironmentError(fmt::format("upstream {} {}: {}", method, path, describe(result)));
  }
  return result->body;
}

void KindEnvironment::reset_upstream() { control_call("POST", "/reset", ""); }

void KindEnvironment::start(const Scenario& scenario, const fs::path& run_dir, const std::string& first_plan) {
  scenario_ = &scenario;
  run_dir_ = run_dir;
  fs::create_directories(run_dir / "logs");
  if (const std::string missing = missing_kind_tools(); !missing.empty()) throw EnvironmentError(missing);
  kubectl_path_ = find_on_path("kubectl");
  const ClientAdapter* adapter = find_client_adapter(scenario.client.kind);
  if (!adapter || adapter->kind_http_port == 0) {
    throw EnvironmentError(fmt::format("{}: client.kind '{}' has no kind manifest (kind/clients: {})", scenario.file,
                                       scenario.client.kind, kinds_with_manifest()));
  }
  client_ = adapter;
  if (scenario.hop.kind != "none") {
    throw EnvironmentError(fmt::format("{}: hop '{}' is local only; in kind the hop is the Istio sidecar",
                                       scenario.file, scenario.hop.kind));
  }
  if (scenario.generator.stopping_series.count() > 0)
    throw EnvironmentError(fmt::format("{}: generator.stopping_series is local only", scenario.file));
  if (scenario.storage != "victoria-metrics") {
    throw EnvironmentError(fmt::format("{}: storage '{}' is local only; kind always has a VictoriaMetrics cluster",
                                       scenario.file, scenario.storage));
  }
  check_cluster();
  token_ = kubectl({"-n", settings_.ns, "get", "secret", "rwchaos-control", "-o", "go-template={{.data.token|base64decode}}"},
                   30s);
  apply_policy();
  control_ = forward("deployment/" + settings_.upstream, upstream_control_port, "upstream-control");
  vmselect_ = forward("svc/vmselect", vmselect_port, "vmselect");
  vmstorage_ = forward("pod/vmstorage-0", vmstorage_http_port, "vmstorage");
  reset_upstream();
  set_plan(first_plan);
  endpoints_.upstream_url =
      fmt::format("http://{}.{}.svc.cluster.local:{}", settings_.upstream, settings_.ns, upstream_write_port);
  endpoints_.upstream_control_url = control_->url();
  endpoints_.client_write_url = endpoints_.upstream_url;
  endpoints_.storage_url = vmselect_->url() + "/select/0/prometheus";
  start_client();
}

void KindEnvironment::start_client() {
  const std::string deployment = "deployment/" + client_->kind;
  kubectl({"-n", settings_.ns, "set", "env", deployment,
           "remoteWrite_url=" + endpoints_.upstream_url + client_->write_path},
          30s);
  kubectl({"-n", settings_.ns, "scale", deployment, "--replicas=1"}, 30s);
  client_scaled_ = true;
  kubectl({"-n", settings_.ns, "rollout", "status", deployment, "--timeout=180s"}, 200s);
  client_metrics_ = forward(deployment, client_->kind_http_port, client_->kind + "-metrics");
  generator_values_ = forward(deployment, generator_values_port, "generator-values");
  endpoints_.generator_url = generator_values_->url();
  // Phases start once data flows (as in local runs), not when the pod is merely ready.
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  for (read_generator_values(); generated_.empty(); read_generator_values()) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw EnvironmentError(fmt::format("{} did not query or scrape its generator within 60 s; see kubectl -n {} "
                                         "logs deployment/{}",
                                         client_->kind, settings_.ns, client_->kind));
    }
    std::this_thread::sleep_for(200ms);
  }
}

void KindEnvironment::set_plan(const std::string& plan_yaml) { control_call("PUT", "/plan", plan_yaml); }

void KindEnvironment::stop_series() {
  throw EnvironmentError("generator.stopping_series is local only: the kind generator sidecar serves one series");
}

std::string KindEnvironment::failure() {
  for (KindPortForward* forward : {control_.get(), vmselect_.get(), vmstorage_.get(), client_metrics_.get(),
                                   generator_values_.get()}) {
    if (forward && !forward->process().running()) {
      return fmt::format("kubectl port-forward {} exited (pod restarted or deleted?); last log lines:\n{}",
                         forward->target(), forward->process().log_tail(2000));
    }
  }
  return {};
}

void KindEnvironment::read_generator_values() {
  if (!generator_values_ || !client_) return;
  const auto result = call(generator_values_->url(), "/values", "GET", "", "");
  if (!result || result->status != 200) return;  // keep what was read before
  const auto json = nlohmann::json::parse(result->body, nullptr, false);
  if (json.is_discarded()) return;
  const char* key = client_->source == GeneratorSource::query ? "queried" : "scraped";
  generated_ = json.value(key, std::vector<double>{});
}

GroundTruth KindEnvironment::ground_truth() const {
  GroundTruth truth;
  if (client_) truth.values[client_->stored_metric] = generated_;
  return truth;
}

std::vector<StoredSeries> KindEnvironment::stored() {
  if (!vmselect_ || !client_) return {};
  if (vmstorage_) call(vmstorage_->url(), "/internal/force_flush", "GET", "", "");
  httplib::Params params{{"match[]", client_->stored_metric}};
  const std::string path = httplib::append_query_params("/select/0/prometheus/api/v1/export", params);
  const auto result = call(vmselect_->url(), path, "GET", "", "", 30s);
  if (!result || result->status != 200) {
    throw EnvironmentError("vmselect export: " + describe(result));
  }
  // Stale markers (NaN) stay: the checks pass over them, as for local runs.
  return parse_export_lines(result->body);
}

nlohmann::json KindEnvironment::upstream_stats() {
  if (!control_) return nlohmann::json::object();
  const auto result = call(control_->url(), "/stats", "GET", "", token_);
  if (!result || result->status != 200) return nlohmann::json::object();
  const auto json = nlohmann::json::parse(result->body, nullptr, false);
  return json.is_discarded() ? nlohmann::json::object() : json;
}

bool KindEnvironment::drain(std::chrono::milliseconds limit, const std::function<bool()>& cancelled) {
  if (!generator_values_) return false;
  call(generator_values_->url(), "/freeze", "POST", "", "");
  const auto deadline = std::chrono::steady_clock::now() + limit;
  do {
    read_generator_values();
    if (count_lost(ground_truth(), stored()) == 0) return true;
    std::this_thread::sleep_for(1s);
  } while (std::chrono::steady_clock::now() < deadline && !(cancelled && cancelled()));
  return false;
}

ClientMetrics KindEnvironment::read_client_metrics() {
  ClientMetrics metrics;
  if (!client_metrics_ || !client_scaled_) return client_metrics_read_ = metrics;
  const auto result = call(client_metrics_->url(), client_->metrics_path, "GET", "", "");
  if (!result || result->status != 200) return client_metrics_read_ = metrics;
  return client_metrics_read_ = client_metrics_from_text(*client_, result->body);
}

void KindEnvironment::stop_client() {
  if (!client_scaled_) return;
  read_generator_values();  // the generator dies with the client's pod
  save_pod_logs();
  client_metrics_.reset();
  generator_values_.reset();
  kubectl({"-n", settings_.ns, "scale", "deployment/" + client_->kind, "--replicas=0"}, 30s);
  client_scaled_ = false;
  // Pods get their termination grace (30s) to flush; wait for them to be gone.
  run_tool({kubectl_path_, "--context", "kind-" + settings_.cluster, "-n", settings_.ns, "wait", "--for=delete", "pod",
            "-l", "app=" + client_->kind, "--timeout=90s"},
           100s);
}

Observations KindEnvironment::collect() {
  Observations observations;
  if (control_) {
    std::istringstream lines(control_call("GET", "/ledger", ""));
    std::string line;
    while (std::getline(lines, line)) {
      if (!line.empty()) observations.ledger.push_back(nlohmann::json::parse(line).get<faults::LedgerRecord>());
    }
  }
  observations.expected = ground_truth();
  observations.stored = stored();
  if (control_) observations.faults_by_action = faults_by_action(nlohmann::json::parse(control_call("GET", "/stats", "")));
  observations.client = client_metrics_read_;
  return observations;
}

void KindEnvironment::save_pod_logs() {
  if (kubectl_path_.empty() || run_dir_.empty()) return;
  // Envoy access logs (response flags UC, URX, ...) are in the istio-proxy containers.
  std::vector<std::pair<std::string, std::string>> wanted = {{settings_.upstream, "upstream"},
                                                             {settings_.upstream, "istio-proxy"}};
  if (client_ && client_scaled_) {
    for (const char* container : {"istio-proxy", "generator"}) wanted.emplace_back(client_->kind, container);
    wanted.emplace_back(client_->kind, client_->kind);
  }
  for (const auto& [deployment, container] : wanted) {
    const ToolResult result =
        run_tool({kubectl_path_, "--context", "kind-" + settings_.cluster, "-n", settings_.ns, "logs",
                  "deployment/" + deployment, "-c", container, "--tail=20000"},
                 30s);
    if (!result.ok()) continue;  // e.g. no istio-proxy container on the direct upstream
    const fs::path file = run_dir_ / "logs" / fmt::format("{}-{}.log", deployment, container);
    std::ofstream(file) << result.output;
    if (std::find(logs_.begin(), logs_.end(), file) == logs_.end()) logs_.push_back(file);
  }
}

void KindEnvironment::stop_all() {
  if (stopped_) return;
  stopped_ = true;
  try {
    if (client_scaled_) stop_client();
    else save_pod_logs();
  } catch (const std::exception&) {
    // stopping must not throw; what failed is in the logs already
  }
  for (auto* forward : {&control_, &vmselect_, &vmstorage_, &client_metrics_, &generator_values_}) forward->reset();
  if (policy_applied_) {
    run_tool({kubectl_path_, "--context", "kind-" + settings_.cluster, "delete", "-n", settings_.ns, "-f",
              settings_.policy_file, "--ignore-not-found"},
             60s);
    policy_applied_ = false;
  }
}

std::vector<fs::path> KindEnvironment::log_files() const { return logs_; }

}  // namespace rwchaos::harness
