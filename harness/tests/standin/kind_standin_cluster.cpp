#include "harness/tests/standin/kind_standin_cluster.hpp"

#include <httplib.h>
#include <signal.h>
#include <stdlib.h>

#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "harness/clients/binaries.hpp"
#include "harness/env/victoria_metrics.hpp"
#include "harness/process/child_process.hpp"
#include "harness/process/ports.hpp"

namespace rwchaos::harness::standin {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Substitutions = std::vector<std::pair<std::string, std::string>>;

namespace {

const fs::path kind_dir = fs::path(RWCHAOS_SOURCE_DIR) / "kind";

struct Reply {
  std::string out, err;
  int exit = 0;
  bool hold = false;
  std::string follow;      // `logs -f`: the file the tool streams ...
  std::string follow_pod;  // ... while this pod exists
};

Reply fail(const std::string& message) { return {"", message + "\n", 1, false, "", ""}; }

std::string substitute(std::string text, const Substitutions& substitutions) {
  for (const auto& [from, to] : substitutions) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  }
  return text;
}

std::vector<YAML::Node> documents(const fs::path& file) {
  std::vector<YAML::Node> out;
  for (const auto& doc : YAML::LoadAllFromFile(file.string()))
    if (doc.IsMap()) out.push_back(doc);
  return out;
}

YAML::Node resource(const fs::path& file, const std::string& kind, const std::string& name) {
  for (const auto& doc : documents(file))
    if (doc["kind"].as<std::string>() == kind && doc["metadata"]["name"].as<std::string>() == name) return doc;
  throw std::runtime_error(fmt::format("{}: no {} {}", file.string(), kind, name));
}

// Waits until something answers HTTP on the port (any status), up to `limit`.
bool answers(int port, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(1s);
    if (client.Get("/")) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

// One pod of a Deployment: its containers as local processes, its ports as loopback ports.
struct Pod {
  std::map<int, int> ports;  // pod port -> loopback port
  std::map<std::string, std::unique_ptr<ChildProcess>> containers;
  std::map<std::string, fs::path> logs;
};

}  // namespace

struct StandInCluster::State {
  StandInOptions options;
  fs::path dir;
  std::unique_ptr<VictoriaMetrics> storage;
  httplib::Server router;
  std::thread router_thread;
  int router_port = 0;
  httplib::Server tools;
  std::thread tools_thread;
  int tools_port = 0;
  mutable std::mutex requests_mutex;  // guards storage_requests (the router's threads)
  std::vector<std::string> storage_requests;
  mutable std::mutex mutex;  // guards everything below (the tool server's threads)
  Substitutions services;  // in-cluster URLs -> loopback URLs
  std::map<std::string, Pod> pods;  // by Deployment name
  std::map<std::string, std::map<std::string, std::string>> env;  // `kubectl set env`, by Deployment
  std::map<std::string, pid_t> forwards;  // target -> pid of the held port-forward

  void start_router();
  void start_upstream(const std::string& name);
  void start_client_pod(const std::string& name);
  void stop_pod(const std::string& name);
  Reply kubectl(std::vector<std::string> argv, pid_t pid);
  Reply port_forward(const std::string& target, int remote, pid_t pid);
  Reply logs(const std::string& target, const std::string& container, bool follow);
};

void StandInCluster::State::start_router() {
  // vmselect, vminsert and vmstorage of the cluster, one port: their paths do not overlap.
  auto forward = [this](const httplib::Request& req, httplib::Response& res, const std::string& to_path) {
    {
      std::lock_guard lock(requests_mutex);
      storage_requests.push_back(req.method + " " + req.target);
    }
    httplib::Client vm(storage->base_url());
    vm.set_read_timeout(30s);
    std::string target = to_path;
    if (const auto query = req.target.find('?'); query != std::string::npos) target += req.target.substr(query);
    httplib::Headers headers;
    for (const char* name : {"Content-Encoding", "Content-Type", "X-Prometheus-Remote-Write-Version"})
      if (req.has_header(name)) headers.emplace(name, req.get_header_value(name));
    const auto answer = req.method == "POST" ? vm.Post(target, headers, req.body, req.get_header_value("Content-Type"))
                                             : vm.Get(target, headers);
    if (!answer) {
      res.status = 502;
      return;
    }
    res.status = answer->status;
    res.set_content(answer->body, answer->get_header_value("Content-Type"));
    if (answer->has_header("Date")) res.set_header("Date", answer->get_header_value("Date"));
  };
  router.Get(R"(/select/0/prometheus(/.*))", [forward](const auto& req, auto& res) { forward(req, res, req.matches[1]); });
  router.Post(R"(/insert/0/prometheus(/api/v1/write))", [forward](const auto& req, auto& res) { forward(req, res, req.matches[1]); });
  router.Get("/health", [forward](const auto& req, auto& res) { forward(req, res, "/health"); });
  router.Get("/internal/force_flush", [forward](const auto& req, auto& res) { forward(req, res, "/internal/force_flush"); });
  router_port = router.bind_to_any_port("127.0.0.1");
  router_thread = std::thread([this] { router.listen_after_bind(); });
}

// The Deployment's own args, with the cluster's addresses replaced by loopback ones.
void StandInCluster::State::start_upstream(const std::string& name) {
  const YAML::Node deployment = resource(kind_dir / "upstream" / (name == "rwchaos-upstream" ? "upstream.yaml"
                                                                                              : "upstream-direct.yaml"),
                                         "Deployment", name);
  Pod pod;
  pod.ports = {{8480, free_port()}, {9090, free_port()}};
  const fs::path data = dir / name;
  fs::create_directories(data);
  const Substitutions local = {{"0.0.0.0:8480", fmt::format("127.0.0.1:{}", pod.ports[8480])},
                               {"0.0.0.0:9090", fmt::format("127.0.0.1:{}", pod.ports[9090])},
                               {"$(RWCHAOS_CONTROL_TOKEN)", options.token},
                               {"http://vminsert.rwchaos.svc.cluster.local:8480", fmt::format("http://127.0.0.1:{}", router_port)},
                               {"/data/", data.string() + "/"}};
  const YAML::Node container = deployment["spec"]["template"]["spec"]["containers"][0];
  std::vector<std::string> argv = {RWCHAOS_BINARY};  // the image's entrypoint
  for (const auto& arg : container["args"]) argv.push_back(substitute(arg.as<std::string>(), local));
  pod.logs["upstream"] = data / "upstream.log";
  pod.containers["upstream"] = ChildProcess::start({name, argv, pod.logs["upstream"], {}, {}});
  if (!answers(pod.ports[9090], 20s)) throw std::runtime_error(name + " did not answer: " + pod.containers["upstream"]->log_tail());
  services.push_back({fmt::format("http://{}.rwchaos.svc.cluster.local:8480", name),
                      fmt::format("http://127.0.0.1:{}", pod.ports[8480])});
  pods[name] = std::move(pod);
}

// The client Deployment of kind/clients/NAME.yaml: each container with its image's program, its
// args or command, its env (and `kubectl set env`), its ConfigMap volumes written to files.
void StandInCluster::State::start_client_pod(const std::string& name) {
  const fs::path manifest = kind_dir / "clients" / (name + ".yaml");
  const YAML::Node spec = resource(manifest, "Deployment", name)["spec"]["template"]["spec"];
  const fs::path root = dir / "pods" / name;
  fs::create_directories(root / "tmp");
  Pod pod;
  Substitutions local = {{"/tmp/", (root / "tmp").string() + "/"}};
  for (const auto& volume : spec["volumes"]) {
    const std::string config_map = volume["configMap"]["name"].as<std::string>();
    for (const auto& [key, value] : resource(manifest, "ConfigMap", config_map)["data"].as<std::map<std::string, std::string>>()) {
      fs::create_directories(root / volume["name"].as<std::string>());
      std::ofstream(root / volume["name"].as<std::string>() / key) << value;
    }
  }
  for (const auto& container : spec["containers"]) {
    for (const auto& mount : container["volumeMounts"])
      local.push_back({mount["mountPath"].as<std::string>(), (root / mount["name"].as<std::string>()).string()});
    for (const auto& port : container["ports"]) pod.ports[port["containerPort"].as<int>()] = free_port();
    for (const auto& arg : container["command"]) {  // the generator's ports are its flags
      const std::string text = arg.as<std::string>();
      if (const auto at = text.find("-port="); at != std::string::npos) pod.ports[std::stoi(text.substr(at + 6))] = free_port();
    }
  }
  for (const auto& [pod_port, loopback] : pod.ports) {
    local.push_back({fmt::format("127.0.0.1:{}", pod_port), fmt::format("127.0.0.1:{}", loopback)});
    local.push_back({fmt::format("=:{}", pod_port), fmt::format("=127.0.0.1:{}", loopback)});
    local.push_back({fmt::format("-port={}", pod_port), fmt::format("-port={}", loopback)});
  }
  for (const auto& file : fs::recursive_directory_iterator(root)) {  // ConfigMap contents name pod ports too
    if (!file.is_regular_file()) continue;
    std::stringstream text;
    text << std::ifstream(file.path()).rdbuf();
    std::ofstream(file.path()) << substitute(text.str(), local);
  }
  for (const auto& container : spec["containers"]) {
    const std::string container_name = container["name"].as<std::string>();
    const std::string image = container["image"].as<std::string>();
    std::vector<std::string> argv;
    if (container["command"]) {
      const std::string program = container["command"][0].as<std::string>();
      if (program != "rwchaos-kind-generator") throw std::runtime_error("stand-in: unknown command " + program);
      argv.push_back(RWCHAOS_KIND_GENERATOR);
      for (std::size_t i = 1; i < container["command"].size(); ++i)
        argv.push_back(substitute(container["command"][i].as<std::string>(), local));
    } else {  // victoriametrics/vmalert:v1.79.5 -> the same program from .tools
      const std::string program = image.substr(image.find('/') + 1, image.find(':') - image.find('/') - 1);
      const ProgramLocation location = find_program(program);
      if (!location.found()) throw std::runtime_error(location.error);
      argv.push_back(location.path.string());
    }
    for (const auto& arg : container["args"]) argv.push_back(substitute(arg.as<std::string>(), local));
    std::map<std::string, std::string> env;
    for (const auto& variable : container["env"]) env[variable["name"].as<std::string>()] = variable["value"].as<std::string>("");
    for (const auto& [key, value] : this->env[name]) env[key] = value;
    for (auto& [key, value] : env) value = substitute(value, services);
    pod.logs[container_name] = root / (container_name + ".log");
    pod.containers[container_name] = ChildProcess::start({name + "/" + container_name, argv, pod.logs[container_name], {}, env});
  }
  pods[name] = std::move(pod);
}

void StandInCluster::State::stop_pod(const std::string& name) {
  auto it = pods.find(name);
  if (it == pods.end()) return;
  // Terminating: every container gets SIGTERM and its grace; then the pod and its logs are gone.
  for (auto& [container, process] : it->second.containers) process->stop(30s);
  pods.erase(it);
}

Reply StandInCluster::State::port_forward(const std::string& target, int remote, pid_t pid) {
  const auto slash = target.find('/');
  const std::string kind = target.substr(0, slash);
  const std::string name = target.substr(slash + 1);
  int local = 0;
  if ((kind == "svc" && name == "vmselect" && remote == 8481) || (kind == "pod" && name == "vmstorage-0" && remote == 8482)) {
    local = router_port;
  } else if (kind == "deployment" && pods.count(name) && pods[name].ports.count(remote)) {
    local = pods[name].ports[remote];
  }
  if (local == 0) return fail(fmt::format("error: {} has no port {} (or is not running)", target, remote));
  forwards[target] = pid;
  return {fmt::format("Forwarding from 127.0.0.1:{} -> {}\nForwarding from [::1]:{} -> {}\n", local, remote, local, remote),
          "", 0, true};
}

Reply StandInCluster::State::logs(const std::string& target, const std::string& container, bool follow) {
  const std::string name = target.substr(target.find('/') + 1);
  if (!pods.count(name)) return fail(fmt::format("error: no pods found for {}", target));
  const auto& pod_logs = pods[name].logs;
  if (!pod_logs.count(container)) return fail(fmt::format("error: container {} is not valid for the pod of {}", container, target));
  if (follow) return {"", "", 0, false, pod_logs.at(container).string(), name};
  std::stringstream text;
  text << std::ifstream(pod_logs.at(container)).rdbuf();
  return {text.str(), "", 0, false};
}

Reply StandInCluster::State::kubectl(std::vector<std::string> argv, pid_t pid) {
  std::string joined;
  for (const auto& arg : argv) joined += (joined.empty() ? "" : " ") + arg;
  if (!options.fail_when.empty() && joined.find(options.fail_when) != std::string::npos)
    return fail("error: the stand-in cluster fails this command on purpose");
  std::string context, ns = "default";
  std::vector<std::string> words;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (argv[i] == "--context" && i + 1 < argv.size()) context = argv[++i];
    else if (argv[i] == "-n" && i + 1 < argv.size()) ns = argv[++i];
    else words.push_back(argv[i]);
  }
  auto word = [&](std::size_t i) { return i < words.size() ? words[i] : std::string(); };
  if (word(0) == "config" && word(1) == "get-contexts") return {fmt::format("kind-{}\nsome-other-context\n", options.cluster)};
  if (context != "kind-" + options.cluster) return fail(fmt::format("error: context \"{}\" does not exist", context));
  const std::string expected_ns = word(0) == "get" && word(1) == "deployment" && word(2) == "istiod" ? "istio-system" : "rwchaos";
  if (ns != expected_ns) return fail(fmt::format("error: namespace \"{}\": nothing of the run lives there", ns));
  if (word(0) == "get" && word(1) == "deployment" && word(2) == "istiod") return {options.istiod_image};
  if (word(0) == "get" && word(1) == "secret" && word(2) == "rwchaos-control")
    return {options.token, "Warning: stand-in kubectl writes this warning to stderr, as kubectl does\n"};
  if (word(0) == "apply" || word(0) == "delete") return {"destinationrule.networking.istio.io/stand-in configured\n"};
  if (word(0) == "port-forward") return port_forward(word(2), std::stoi(word(3).substr(1)), pid);
  if (word(0) == "logs" && word(1) == "-f") return logs(word(2), word(4), true);
  if (word(0) == "logs") return logs(word(1), word(3), false);
  const std::string name = word(1).substr(word(1).find('/') + 1);
  if (word(0) == "set" && word(1) == "env") {
    const std::string assignment = word(3);
    env[word(2).substr(word(2).find('/') + 1)][assignment.substr(0, assignment.find('='))] = assignment.substr(assignment.find('=') + 1);
    return {fmt::format("{} env updated\n", word(2))};
  }
  if (word(0) == "scale" && word(2) == "--replicas=1") {
    if (!pods.count(name)) start_client_pod(name);
    return {fmt::format("{} scaled\n", word(1))};
  }
  if (word(0) == "scale" && word(2) == "--replicas=0") {
    stop_pod(name);
    return {fmt::format("{} scaled\n", word(1))};
  }
  if (word(0) == "rollout" && word(1) == "status") {
    const std::string deployment = word(2).substr(word(2).find('/') + 1);
    if (!pods.count(deployment)) return fail("error: no pods of " + word(2));
    for (const auto& [pod_port, loopback] : pods[deployment].ports)
      if (!answers(loopback, 30s)) return fail(fmt::format("error: {} port {} never answered", word(2), pod_port));
    return {fmt::format("deployment \"{}\" successfully rolled out\n", deployment)};
  }
  if (word(0) == "wait" && word(1) == "--for=delete") return {""};  // scale 0 removed the pod already
  return fail("stand-in kubectl: a command the kind path does not use: " + joined);
}

StandInCluster::StandInCluster(StandInOptions options) : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.options = std::move(options);
  std::string pattern = (fs::temp_directory_path() / "rwchaos-kind-standin-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  s.dir = pattern;
  fs::create_directories(s.dir / "bin");
  for (const char* tool : {"kubectl", "kind", "istioctl"}) fs::create_symlink(RWCHAOS_KIND_STANDIN, s.dir / "bin" / tool);
  const ProgramLocation vm = find_program("victoria-metrics");
  if (!vm.found()) throw std::runtime_error(vm.error);
  s.storage = VictoriaMetrics::start(vm.path.string(), s.dir / "vm-data", s.dir / "victoria-metrics.log");
  s.start_router();
  s.start_upstream("rwchaos-upstream");
  s.start_upstream("rwchaos-upstream-direct");
  s.tools.Post("/run", [this](const httplib::Request& req, httplib::Response& res) {
    const auto request = nlohmann::json::parse(req.body);
    const std::string tool = request.at("tool");
    Reply reply;
    if (tool != "kubectl") {
      reply = fail("stand-in " + tool + ": rwchaos run --env kind must need kubectl alone");
    } else {
      std::lock_guard lock(state_->mutex);
      try {
        reply = state_->kubectl(request.at("argv").get<std::vector<std::string>>(), request.at("pid").get<pid_t>());
      } catch (const std::exception& error) {
        reply = fail(std::string("stand-in cluster: ") + error.what());
      }
    }
    res.set_content(nlohmann::json{{"stdout", reply.out}, {"stderr", reply.err}, {"exit", reply.exit}, {"hold", reply.hold},
                                   {"follow", reply.follow}, {"follow_pod", reply.follow_pod}}
                        .dump(),
                    "application/json");
  });
  s.tools.Get("/alive", [this](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(state_->mutex);
    res.set_content(state_->pods.count(req.get_param_value("pod")) ? "1" : "0", "text/plain");
  });
  s.tools_port = s.tools.bind_to_any_port("127.0.0.1");
  s.tools_thread = std::thread([this] { state_->tools.listen_after_bind(); });
}

StandInCluster::~StandInCluster() {
  State& s = *state_;
  s.tools.stop();
  if (s.tools_thread.joinable()) s.tools_thread.join();
  {
    std::lock_guard lock(s.mutex);
    for (const auto& [target, pid] : s.forwards) ::kill(pid, SIGKILL);  // only if the harness left one
    std::vector<std::string> names;
    for (const auto& [name, pod] : s.pods) names.push_back(name);
    for (const auto& name : names) s.stop_pod(name);
  }
  s.router.stop();
  if (s.router_thread.joinable()) s.router_thread.join();
  if (s.storage) s.storage->process().stop(10s);
  if (::testing::Test::HasFailure()) {
    std::cerr << "stand-in cluster kept for inspection: " << s.dir << "\n";
  } else {
    std::error_code ec;
    fs::remove_all(s.dir, ec);
  }
}

std::map<std::string, std::string> StandInCluster::run_env() const {
  const char* path = std::getenv("PATH");
  return {{"PATH", (state_->dir / "bin").string() + ":" + (path ? path : "/usr/bin:/bin")},
          {"RWCHAOS_STANDIN_URL", fmt::format("http://127.0.0.1:{}", state_->tools_port)},
          {"RWCHAOS_STANDIN_LOG", (state_->dir / "calls.jsonl").string()}};
}

std::vector<nlohmann::json> StandInCluster::calls() const {
  std::vector<nlohmann::json> out;
  std::ifstream in(state_->dir / "calls.jsonl");
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

std::vector<std::string> StandInCluster::storage_requests() const {
  std::lock_guard lock(state_->requests_mutex);
  return state_->storage_requests;
}

void StandInCluster::seed_storage(const std::string& metric, const std::vector<double>& values, std::int64_t first_ms) {
  std::vector<std::int64_t> timestamps;
  for (std::size_t i = 0; i < values.size(); ++i) timestamps.push_back(first_ms + static_cast<std::int64_t>(i) * 1000);
  const nlohmann::json line = {{"metric", {{"__name__", metric}}}, {"values", values}, {"timestamps", timestamps}};
  httplib::Client vm(state_->storage->base_url());
  const auto answer = vm.Post("/api/v1/import", line.dump() + "\n", "application/json");
  if (!answer || answer->status / 100 != 2) throw std::runtime_error("seeding storage failed");
  state_->storage->force_flush();
}

pid_t StandInCluster::port_forward_pid(const std::string& target) const {
  std::lock_guard lock(state_->mutex);
  const auto it = state_->forwards.find(target);
  return it == state_->forwards.end() ? 0 : it->second;
}

const fs::path& StandInCluster::dir() const { return state_->dir; }

}  // namespace rwchaos::harness::standin
