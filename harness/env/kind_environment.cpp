#include "harness/env/kind_environment.hpp"

#include <httplib.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "faults/config/http_date.hpp"
#include "harness/checks/sample_accounting.hpp"
#include "harness/clients/client_registry.hpp"
#include "harness/common/json_lines.hpp"
#include "harness/common/trimmed.hpp"
#include "harness/env/client_metrics.hpp"
#include "harness/env/drain.hpp"
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
constexpr const char* export_path = "/select/0/prometheus/api/v1/export";  // vmselect, tenant 0

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

// One HTTP call to a port-forwarded service; no result when there was no answer.
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

// "1.24" of "1.24.6".
std::string minor_of(const std::string& version) {
  const auto first = version.find('.');
  const auto second = first == std::string::npos ? first : version.find('.', first + 1);
  return version.substr(0, second);
}

}  // namespace

// CMake reads it from kind/versions.env, the file scripts/kind-up installs Istio by.
std::string KindSettings::pinned_istio_version() { return RWCHAOS_KIND_ISTIO_VERSION; }

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

std::vector<std::string> KindEnvironment::kubectl_argv(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {kubectl_path_, "--context", "kind-" + settings_.cluster};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// Every kubectl call of a run: the cluster's context and a time limit; a failure names the command
// and what kubectl said on stderr. Its stdout alone is returned (a token must not carry a warning).
std::string KindEnvironment::kubectl(const std::vector<std::string>& args, std::chrono::milliseconds limit) {
  const std::vector<std::string> argv = kubectl_argv(args);
  std::vector<std::string> named = argv;
  named[0] = "kubectl";
  const std::string shown = describe_argv(named);
  const ToolResult result = run_tool(argv, limit);
  if (!result.ok()) {
    throw EnvironmentError(fmt::format("{} failed ({}): {}", shown,
                                       result.timed_out ? fmt::format("timed out after {} ms", limit.count())
                                                        : fmt::format("exit {}", result.exit_code),
                                       trimmed(tool_message(result))));
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

// kind names the context of cluster NAME kind-NAME (kind's kubeconfig handling); no context, no cluster.
void KindEnvironment::check_context() {
  const ToolResult contexts = run_tool({kubectl_path_, "config", "get-contexts", "-o", "name"}, 30s);
  if (!contexts.ok()) {
    throw EnvironmentError(fmt::format("kubectl config get-contexts -o name failed: {}", trimmed(tool_message(contexts))));
  }
  std::istringstream lines(contexts.output);
  for (std::string line; std::getline(lines, line);) {
    if (trimmed(line) == "kind-" + settings_.cluster) return;
  }
  throw EnvironmentError(fmt::format("kind cluster '{}' not found: run scripts/kind-up (or set RWCHAOS_KIND_CLUSTER); "
                                     "kubectl has no context kind-{}",
                                     settings_.cluster, settings_.cluster));
}

// The semantics the reports rely on (docs/envoy-semantics.md) are those of the pinned Istio minor.
void KindEnvironment::check_istio() {
  const std::string image(trimmed(kubectl({"-n", "istio-system", "get", "deployment", "istiod", "-o",
                                             "jsonpath={.spec.template.spec.containers[0].image}"},
                                            30s)));
  const std::string found = image.substr(image.rfind(':') + 1);
  if (minor_of(found) != minor_of(settings_.istio_version)) {
    throw EnvironmentError(fmt::format("the cluster runs Istio {} (istiod image {}), Istio {} needed "
                                       "(kind/versions.env ISTIO_VERSION={}): scripts/kind-down, then scripts/kind-up",
                                       found, image, minor_of(settings_.istio_version), settings_.istio_version));
  }
  // A scenario written for another release's defaults (hop.istio) would be judged against this one's.
  if (scenario_->hop.kind == "istio" && minor_of(scenario_->hop.istio) != minor_of(found)) {
    throw EnvironmentError(fmt::format("{}: hop.istio is {}, but the cluster runs Istio {}: the scenario expects {}'s "
                                       "defaults; run it with --env local, where the sidecar model follows hop.istio",
                                       scenario_->file, scenario_->hop.istio, found, scenario_->hop.istio));
  }
}

// A client left running by an earlier harness (killed before its clean-up) would write into this run.
void KindEnvironment::scale_client_to_zero() {
  kubectl({"-n", settings_.ns, "scale", "deployment/" + client_->kind, "--replicas=0"}, 30s);
  // Pods get their termination grace (30 s) to flush; with native sidecars the proxy goes last.
  kubectl({"-n", settings_.ns, "wait", "--for=delete", "pod", "-l", "app=" + client_->kind, "--timeout=90s"}, 100s);
}

void KindEnvironment::apply_policy() {
  std::vector<std::string> files;
  if (!settings_.policy_file.empty()) {
    const IstioPolicy policy = load_istio_policy(settings_.policy_file);
    std::ofstream(run_dir_ / "istio-policy.json")
        << to_json(policy).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    if (!policy.errors.empty()) {
      std::string all;
      for (const auto& error : policy.errors) all += "\n" + error.to_string();
      throw EnvironmentError("RWCHAOS_KIND_POLICY has errors:" + all);
    }
    files.push_back(settings_.policy_file);
  }
  // `hop.policies` were validated for the hop's Istio release when the scenario was loaded.
  if (scenario_->hop.kind == "istio") files.insert(files.end(), scenario_->hop.policies.begin(), scenario_->hop.policies.end());
  for (const auto& file : files) {
    applied_policies_.push_back(file);  // before the call: a failed apply may have applied part of the file
    kubectl({"-n", settings_.ns, "apply", "-f", file}, 60s);
  }
}

// `hop: istio` in kind: the real sidecars are the hop. The upstream Deployment is the meshed one or,
// with `server_sidecar: false`, the one without a sidecar (kind/upstream/), and `hop.host` must name
// it, so that the same policy files select it here and in the local model.
void KindEnvironment::select_istio_upstream(const Scenario& scenario) {
  // The policies' short host names resolve in hop.namespace, and kubectl applies them in settings_.ns.
  if (scenario.hop.ns != settings_.ns) {
    throw EnvironmentError(fmt::format("{}: in kind, hop.namespace must be {}, the namespace the workloads run in, "
                                       "got {}", scenario.file, settings_.ns, scenario.hop.ns));
  }
  settings_.upstream = scenario.hop.server_sidecar ? "rwchaos-upstream" : "rwchaos-upstream-direct";
  const std::string service = scenario.hop.host.substr(0, scenario.hop.host.find('.'));
  if (service != settings_.upstream) {
    throw EnvironmentError(fmt::format("{}: in kind, hop.host must be the upstream Service {} (server_sidecar: {}), "
                                       "got {}", scenario.file, settings_.upstream, scenario.hop.server_sidecar,
                                       scenario.hop.host));
  }
}

// The cluster's clock in whole seconds: vmselect's Date header (Go's net/http sets it on every answer).
std::int64_t KindEnvironment::cluster_seconds() {
  const auto result = call(vmselect_->url(), "/health", "GET", "", "");
  if (!result || result->status != 200) throw EnvironmentError("vmselect /health: " + describe(result));
  const std::string date = result->get_header_value("Date");
  const auto seconds = faults::config::parse_http_date(date);
  if (!seconds) throw EnvironmentError(fmt::format("vmselect /health: no usable Date header (\"{}\")", date));
  return *seconds;
}

// Storage outlives runs and every client pod restarts its generator at 1, so an earlier run's samples
// carry this run's values: every export reads only samples stamped inside the run's window. It opens
// at the next whole second of the cluster's clock (the clock the samples are stamped with), and the
// client starts only once the clock passed it, with every earlier client already gone.
void KindEnvironment::open_window() {
  window_start_s_ = cluster_seconds() + 1;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (cluster_seconds() < window_start_s_) {
    if (std::chrono::steady_clock::now() > deadline)
      throw EnvironmentError("the cluster's clock (vmselect's Date header) did not advance for 10 s");
    std::this_thread::sleep_for(100ms);
  }
}

std::string KindEnvironment::control_call(const std::string& method, const std::string& path,
                                          const std::string& body) {
  const auto result = call(control_->url(), path, method, body, token_);
  if (!result || result->status != 200) {
    throw EnvironmentError(fmt::format("upstream {} {}: {}", method, path, describe(result)));
  }
  return result->body;
}

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
  if (scenario.hop.kind == "istio") select_istio_upstream(scenario);
  else if (scenario.hop.kind != "none") {
    throw EnvironmentError(fmt::format("{}: hop '{}' is local only; in kind the hop is the Istio sidecar",
                                       scenario.file, scenario.hop.kind));
  }
  if (scenario.generator.stopping_series.count() > 0)
    throw EnvironmentError(fmt::format("{}: generator.stopping_series is local only", scenario.file));
  if (scenario.storage != "victoria-metrics") {
    throw EnvironmentError(fmt::format("{}: storage '{}' is local only; kind always has a VictoriaMetrics cluster",
                                       scenario.file, scenario.storage));
  }
  check_context();
  check_istio();
  token_ = std::string(trimmed(kubectl({"-n", settings_.ns, "get", "secret", "rwchaos-control", "-o",
                            "go-template={{.data.token|base64decode}}"},
                           30s)));
  scale_client_to_zero();
  apply_policy();
  control_ = forward("deployment/" + settings_.upstream, upstream_control_port, "upstream-control");
  vmselect_ = forward("svc/vmselect", vmselect_port, "vmselect");
  vmstorage_ = forward("pod/vmstorage-0", vmstorage_http_port, "vmstorage");
  open_window();
  control_call("POST", "/reset", "");
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
  client_scaled_ = true;  // before the call: a scale that failed half-way is still undone in stop_client
  kubectl({"-n", settings_.ns, "scale", deployment, "--replicas=1"}, 30s);
  kubectl({"-n", settings_.ns, "rollout", "status", deployment, "--timeout=180s"}, 200s);
  follow_client_logs();
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
  // An explicit end: vmselect's default is "now" cut to whole seconds, which hides the last second
  // (app/vmselect/searchutils GetTime); a day covers any run.
  const httplib::Params params{{"match[]", client_->stored_metric},
                               {"start", std::to_string(window_start_s_)},
                               {"end", std::to_string(window_start_s_ + 86400)}};
  const auto result = call(vmselect_->url(), httplib::append_query_params(export_path, params), "GET", "", "", 30s);
  if (!result || result->status != 200) {
    throw EnvironmentError("vmselect export: " + describe(result));
  }
  return parse_export_lines(result->body);
}

nlohmann::json KindEnvironment::upstream_stats() {
  if (!control_) return nlohmann::json::object();
  const auto result = call(control_->url(), "/stats", "GET", "", token_);
  if (!result || result->status != 200) return nlohmann::json::object();
  const auto json = nlohmann::json::parse(result->body, nullptr, false);
  return json.is_discarded() ? nlohmann::json::object() : json;
}

std::vector<faults::LedgerRecord> KindEnvironment::ledger_since(std::uint64_t since) {
  if (!control_) return {};
  return parse_json_lines<faults::LedgerRecord>(control_call("GET", "/ledger?since=" + std::to_string(since), ""));
}

// The same settle condition as local runs (harness/env/drain.hpp); kind clients evaluate or scrape
// every second, and every look costs a ledger read and an export through port-forwards.
bool KindEnvironment::drain(std::chrono::milliseconds limit, const std::function<bool()>& poll) {
  if (!generator_values_) return false;
  const auto frozen = call(generator_values_->url(), "/freeze", "POST", "", "");
  if (!frozen || frozen->status != 200) throw EnvironmentError("generator POST /freeze: " + describe(frozen));
  DrainProbe probe;
  probe.ledger_since = [this](std::uint64_t since) { return ledger_since(since); };
  probe.all_expected_stored = [this] {
    read_generator_values();
    return count_lost(ground_truth(), stored()) == 0;
  };
  probe.failure = [this] { return failure(); };
  try {
    return wait_until_drained(probe, {limit, 1000ms, 1000ms}, poll);
  } catch (const EnvironmentError&) {
    throw;
  } catch (const std::exception& error) {
    throw EnvironmentError(std::string("while draining: ") + error.what());
  }
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
  save_upstream_logs();
  client_metrics_.reset();
  generator_values_.reset();
  client_scaled_ = false;
  scale_client_to_zero();
  // The pod is gone: each `kubectl logs -f` ended with its container, or ends now.
  for (auto& follower : client_logs_) follower->stop(2s);
  client_logs_.clear();
}

Observations KindEnvironment::collect() {
  Observations observations;
  if (control_) {
    observations.ledger = ledger_since(0);
    observations.connection_faults = parse_json_lines<faults::ConnectionFault>(control_call("GET", "/connection-faults", ""));
  }
  observations.expected = ground_truth();
  observations.stored = stored();
  if (control_) add_upstream_stats(observations, nlohmann::json::parse(control_call("GET", "/stats", "")));
  observations.client = client_metrics_read_;
  return observations;
}

// The client pod's containers are followed from its start to its end: its last lines (the client's
// shutdown flush and last retries, the proxy's access log of them) come after the scale-down, when a
// one-shot `kubectl logs` could no longer reach the pod. Envoy access logs (response flags UC, URX,
// ...) are in the istio-proxy containers.
void KindEnvironment::follow_client_logs() {
  for (const std::string& container : {client_->kind, std::string("generator"), std::string("istio-proxy")}) {
    const fs::path file = run_dir_ / "logs" / fmt::format("{}-{}.log", client_->kind, container);
    client_logs_.push_back(ChildProcess::start(
        {"kubectl logs " + container,
         kubectl_argv({"-n", settings_.ns, "logs", "-f", "deployment/" + client_->kind, "-c", container}),
         file, {}, {}}));
    logs_.push_back(file);
  }
}

// The upstream pod outlives runs: only its lines since this run's window opened.
void KindEnvironment::save_upstream_logs() {
  if (kubectl_path_.empty() || run_dir_.empty() || window_start_s_ == 0) return;
  for (const std::string& container : {std::string("upstream"), std::string("istio-proxy")}) {
    const ToolResult result =
        run_tool(kubectl_argv({"-n", settings_.ns, "logs", "deployment/" + settings_.upstream, "-c", container,
                               "--since-time=" + faults::config::rfc3339_utc(window_start_s_ - 1)}),
                 30s);
    if (!result.ok()) continue;  // e.g. no istio-proxy container on the direct upstream
    const fs::path file = run_dir_ / "logs" / fmt::format("{}-{}.log", settings_.upstream, container);
    std::ofstream(file) << result.output;
    if (std::find(logs_.begin(), logs_.end(), file) == logs_.end()) logs_.push_back(file);
  }
}

void KindEnvironment::stop_all() {
  if (stopped_) return;
  stopped_ = true;
  try {
    if (client_scaled_) stop_client();
    else save_upstream_logs();
  } catch (const std::exception&) {
    // stopping must not throw; what failed is in the logs already
  }
  for (auto* forward : {&control_, &vmselect_, &vmstorage_, &client_metrics_, &generator_values_}) forward->reset();
  client_logs_.clear();
  for (const auto& file : applied_policies_) {
    run_tool(kubectl_argv({"-n", settings_.ns, "delete", "-f", file, "--ignore-not-found"}), 60s);
  }
  applied_policies_.clear();
}

std::vector<fs::path> KindEnvironment::log_files() const { return logs_; }

}  // namespace rwchaos::harness
