// `rwchaos run --env kind` from start to stop against a stand-in cluster (harness/tests/standin/):
// stand-in kubectl, kind and istioctl first on PATH, real upstream, storage, vmalert/vmagent and
// generator behind them. The stand-ins record every call, so the commands, names, namespaces, ports,
// waits and clean-up are checked as the real cluster would receive them; a failing command must give
// verdict `error` naming the command. What a kind cluster adds beyond this (Envoy, pods, images) only
// runs where Docker is: docs/kind.md "What is verified where".
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "harness/tests/e2e_support.hpp"
#include "harness/tests/standin/kind_standin_cluster.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ::testing::HasSubstr;
using standin::StandInCluster;
using standin::StandInOptions;

const std::string retry_policy = std::string(RWCHAOS_SOURCE_DIR) + "/kind/policies/retry-with-reset.yaml";

struct RunResult {
  int exit_code = -1;
  nlohmann::json report;
  fs::path results;
  std::string output;
};

std::string scenario_file(const fs::path& dir, const std::string& client, const std::string& faults,
                          const std::string& expect, const std::string& duration = "6s", const std::string& settle = "15s") {
  const fs::path file = dir / ("scenario-" + client + ".yaml");
  std::ofstream(file) << fmt::format(
      "name: kind-standin-{}\nclient: {{kind: {}}}\nseed: 7\nphases:\n  - at: 0s\n    faults: {}\n"
      "duration: {}\nsettle: {}\nexpect: {}\n",
      client, client, faults, duration, settle, expect);
  return file.string();
}

// `rwchaos run FILE --env kind` as a child with the stand-in cluster's environment; `during` runs
// while it does (e.g. to break something), then the run is awaited (bounded).
RunResult run_kind(StandInCluster& cluster, const std::string& scenario, std::map<std::string, std::string> env,
                   const std::function<void(ChildProcess&)>& during = {}) {
  RunResult result;
  result.results = cluster.dir() / ("results-" + fs::path(scenario).stem().string());
  for (const auto& [key, value] : cluster.run_env()) env[key] = value;
  const fs::path log = cluster.dir() / (fs::path(scenario).stem().string() + ".out");
  auto run = ChildProcess::start({"rwchaos run --env kind",
                                  {RWCHAOS_BINARY, "run", scenario, "--env", "kind", "--results", result.results.string()},
                                  log, {}, env});
  if (during) during(*run);
  const auto deadline = std::chrono::steady_clock::now() + 240s;
  while (run->running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(100ms);
  result.exit_code = run->running() ? -1 : run->exit_status().value_or(-1);
  if (run->running()) run->stop(5s);
  result.output = run->log_tail(20000);
  // One results layout: the scenario's files are in DIR/<scenario>/, the run's own in DIR.
  std::error_code ignored;
  for (const auto& entry : fs::directory_iterator(result.results, ignored))
    if (fs::exists(entry.path() / "report.json")) result.results = entry.path();
  std::ifstream report(result.results / "report.json");
  if (report) result.report = nlohmann::json::parse(report);
  return result;
}

// kubectl's calls as text, the context dropped once checked: "-n rwchaos scale deployment/vmalert --replicas=1".
std::vector<std::string> kubectl_lines(const std::vector<nlohmann::json>& calls) {
  std::vector<std::string> lines;
  for (const auto& call : calls) {
    if (!call.contains("argv")) continue;
    std::vector<std::string> argv = call["argv"];
    std::string line;
    for (std::size_t i = 0; i < argv.size(); ++i) {
      if (argv[i] == "--context" && i + 1 < argv.size() && argv[i + 1] == "kind-rwchaos") ++i;
      else line += (line.empty() ? "" : " ") + argv[i];
    }
    lines.push_back(line);
  }
  return lines;
}

// Each of `expected` found in `lines`, in this order, each as a substring of one line.
::testing::AssertionResult in_order(const std::vector<std::string>& lines, const std::vector<std::string>& expected) {
  std::size_t at = 0;
  for (const auto& want : expected) {
    while (at < lines.size() && lines[at].find(want) == std::string::npos) ++at;
    if (at == lines.size()) {
      std::string all;
      for (const auto& line : lines) all += "\n  " + line;
      return ::testing::AssertionFailure() << "not found (in order): \"" << want << "\"; calls:" << all;
    }
    ++at;
  }
  return ::testing::AssertionSuccess();
}

class KindEnvironmentStandIn : public ::testing::Test {
 protected:
  void SetUp() override { RWCHAOS_REQUIRE_PROGRAMS("victoria-metrics", "vmalert", "vmagent"); }
};

TEST_F(KindEnvironmentStandIn, RunPassesWithEveryKubectlCallAsTheClusterNeedsIt) {
  StandInCluster cluster({});
  const std::string scenario = scenario_file(
      cluster.dir(), "vmalert", R"([{action: respond, status: 503, commit: false, when: {requests: "3-4"}}])",
      "{lost: 0, retries: {min: 1}}");
  const RunResult run = run_kind(cluster, scenario,
                                 {{"RWCHAOS_KIND_UPSTREAM", "rwchaos-upstream-direct"}, {"RWCHAOS_KIND_POLICY", retry_policy}});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.report["verdict"], "pass") << run.report.dump(2);
  EXPECT_GE(run.report["counts"]["expected_samples"].get<int>(), 3);
  EXPECT_EQ(run.report["counts"]["lost"], 0);
  EXPECT_GE(run.report["counts"]["retries"].get<int>(), 1);

  const auto calls = cluster.calls();
  for (const auto& call : calls) EXPECT_EQ(call["tool"], "kubectl") << call.dump() << ": the harness needs kubectl alone";
  const std::vector<std::string> lines = kubectl_lines(calls);
  for (const auto& line : lines) {
    if (line == "config get-contexts -o name") continue;
    EXPECT_THAT(line, ::testing::StartsWith("-n ")) << "a call without the cluster's context or a namespace: " << line;
  }
  EXPECT_TRUE(in_order(lines, {
      "config get-contexts -o name",
      "-n istio-system get deployment istiod -o jsonpath={.spec.template.spec.containers[0].image}",
      "-n rwchaos get secret rwchaos-control -o go-template={{.data.token|base64decode}}",
      "-n rwchaos scale deployment/vmalert --replicas=0",  // an earlier run's client is gone first
      "-n rwchaos wait --for=delete pod -l app=vmalert --timeout=90s",
      "-n rwchaos apply -f " + retry_policy,
      "-n rwchaos port-forward --address=127.0.0.1 deployment/rwchaos-upstream-direct :9090",
      "-n rwchaos port-forward --address=127.0.0.1 svc/vmselect :8481",
      "-n rwchaos port-forward --address=127.0.0.1 pod/vmstorage-0 :8482",
      "-n rwchaos set env deployment/vmalert remoteWrite_url=http://rwchaos-upstream-direct.rwchaos.svc.cluster.local:8480",
      "-n rwchaos scale deployment/vmalert --replicas=1",
      "-n rwchaos rollout status deployment/vmalert --timeout=180s",
      "-n rwchaos port-forward --address=127.0.0.1 deployment/vmalert :8880",
      "-n rwchaos port-forward --address=127.0.0.1 deployment/vmalert :9101",
      "-n rwchaos logs deployment/rwchaos-upstream-direct -c upstream --since-time=",
      "-n rwchaos scale deployment/vmalert --replicas=0",
      "-n rwchaos wait --for=delete pod -l app=vmalert --timeout=90s",
      "-n rwchaos delete -f " + retry_policy + " --ignore-not-found",
  }));
  // Each container's log followed from the rollout on (the three start in any order).
  for (const char* container : {"vmalert", "generator", "istio-proxy"}) {
    EXPECT_TRUE(in_order(lines, {"-n rwchaos rollout status deployment/vmalert",
                                 std::string("-n rwchaos logs -f deployment/vmalert -c ") + container,
                                 "-n rwchaos wait --for=delete pod -l app=vmalert"}));
  }
  // Every port-forward was ended by the harness (SIGTERM), none left to die with it.
  std::set<int> held, ended;
  for (const auto& call : calls) {
    if (call.contains("argv") && call["argv"].size() > 4 && call["argv"][4] == "port-forward") held.insert(call["pid"].get<int>());
    if (call.contains("ended_by_signal") && call["ended_by_signal"] == SIGTERM) ended.insert(call["pid"].get<int>());
  }
  EXPECT_EQ(held.size(), 5u);
  EXPECT_EQ(held, ended);
  // Every export is bounded to the run's window, and the client's logs were kept.
  int exports = 0;
  for (const auto& request : cluster.storage_requests()) {
    if (request.find("/api/v1/export") == std::string::npos) continue;
    ++exports;
    EXPECT_THAT(request, ::testing::MatchesRegex(R"(GET /select/0/prometheus/api/v1/export\?.*start=[0-9]+.*)")) << request;
    EXPECT_THAT(request, HasSubstr("end=")) << request;
  }
  EXPECT_GE(exports, 2);  // drain and collect
  // The client's log was followed to its end: its shutdown (after the scale-down) is in it
  // (app/vmalert/main.go logs "service received signal" on SIGTERM).
  std::stringstream client_log;
  client_log << std::ifstream(run.results / "logs" / "vmalert-vmalert.log").rdbuf();
  EXPECT_THAT(client_log.str(), HasSubstr("service received signal terminated"));
  EXPECT_TRUE(fs::exists(run.results / "logs" / "rwchaos-upstream-direct-upstream.log"));
}

// Storage outlives runs and every client pod counts from 1 again: an earlier run's copies of the same
// values must not hide this run's loss (vmalert 1.79.5 drops a batch after 5 failed attempts,
// app/vmalert/remotewrite/remotewrite.go flush).
TEST_F(KindEnvironmentStandIn, SamplesOfAnEarlierRunDoNotHideALoss) {
  StandInCluster cluster({});
  std::vector<double> earlier;
  for (int value = 1; value <= 300; ++value) earlier.push_back(value);
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  cluster.seed_storage("rwchaos_recorded", earlier, now_ms - 20 * 60 * 1000);
  const std::string scenario = scenario_file(
      cluster.dir(), "vmalert", R"([{action: respond, status: 400, commit: false, when: {requests: "2-6"}}])",
      "{lost: 0}", "10s", "3s");  // the loss holds the drain: settle is waited out
  const RunResult run = run_kind(cluster, scenario, {});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_EQ(run.report["verdict"], "fail") << run.report.dump(2);
  EXPECT_GE(run.report["counts"]["lost"].get<int>(), 1) << run.report.dump(2);
  EXPECT_EQ(run.report["counts"]["unexpected"], 0) << "the earlier run's samples were read";
  EXPECT_EQ(run.report["counts"]["stored_duplicates"], 0);
}

TEST_F(KindEnvironmentStandIn, VmagentRunPassesWithItsManifest) {
  StandInCluster cluster({});
  const std::string scenario = scenario_file(cluster.dir(), "vmagent", "[]", "{lost: 0}", "5s");
  const RunResult run = run_kind(cluster, scenario, {});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.report["verdict"], "pass") << run.report.dump(2);
  EXPECT_GE(run.report["counts"]["expected_samples"].get<int>(), 3);
  EXPECT_TRUE(in_order(kubectl_lines(cluster.calls()),
                       {"-n rwchaos set env deployment/vmagent remoteWrite_url=http://rwchaos-upstream.rwchaos.svc.cluster.local:8480/api/v1/write",
                        "-n rwchaos port-forward --address=127.0.0.1 deployment/vmagent :8429"}));
}

struct FailingCall {
  const char* name;
  const char* fail_when;   // what the stand-in fails
  const char* named;       // what the error must name
  const char* cleaned_up;  // a call that must still follow the failure ("" for none)
};

// Test names and failures show which command fails, not the struct's bytes.
void PrintTo(const FailingCall& call, std::ostream* out) { *out << "fails '" << call.fail_when << "'"; }

class KindEnvironmentStandInFailure : public KindEnvironmentStandIn, public ::testing::WithParamInterface<FailingCall> {};

TEST_P(KindEnvironmentStandInFailure, IsAnErrorNamingTheCommand) {
  StandInOptions options;
  options.fail_when = GetParam().fail_when;
  StandInCluster cluster(options);
  const std::string scenario = scenario_file(cluster.dir(), "vmalert", "[]", "{lost: 0}", "4s", "5s");
  const RunResult run = run_kind(cluster, scenario, {{"RWCHAOS_KIND_POLICY", retry_policy}});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_EQ(run.report["verdict"], "error");
  EXPECT_THAT(run.report.value("error", ""), HasSubstr(GetParam().named)) << run.report.dump(2);
  EXPECT_THAT(run.report.value("error", ""), HasSubstr("the stand-in cluster fails this command on purpose"));
  if (*GetParam().cleaned_up) {
    const auto lines = kubectl_lines(cluster.calls());
    std::size_t failed_at = 0;
    while (failed_at < lines.size() && lines[failed_at].find(GetParam().fail_when) == std::string::npos) ++failed_at;
    EXPECT_TRUE(in_order(std::vector<std::string>(lines.begin() + failed_at, lines.end()), {GetParam().cleaned_up}));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Commands, KindEnvironmentStandInFailure,
    ::testing::Values(
        FailingCall{"Token", "get secret rwchaos-control",
                    "kubectl --context kind-rwchaos -n rwchaos get secret rwchaos-control -o "
                    "go-template={{.data.token|base64decode}} failed (exit 1)",
                    ""},
        FailingCall{"Policy", "-n rwchaos apply -f", "kubectl --context kind-rwchaos -n rwchaos apply -f",
                    "-n rwchaos delete -f"},
        FailingCall{"ScaleUp", "scale deployment/vmalert --replicas=1",
                    "kubectl --context kind-rwchaos -n rwchaos scale deployment/vmalert --replicas=1 failed (exit 1)",
                    "scale deployment/vmalert --replicas=0"},
        FailingCall{"Rollout", "rollout status deployment/vmalert",
                    "kubectl --context kind-rwchaos -n rwchaos rollout status deployment/vmalert --timeout=180s failed",
                    "scale deployment/vmalert --replicas=0"},
        FailingCall{"PortForward", "port-forward --address=127.0.0.1 svc/vmselect",
                    "kubectl port-forward svc/vmselect :8481 gave no local port", "-n rwchaos delete -f"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(KindEnvironmentStandIn, APortForwardThatDiesMidRunIsAnError) {
  StandInCluster cluster({});
  const std::string scenario = scenario_file(cluster.dir(), "vmalert", "[]", "{lost: 0}", "20s", "5s");
  const RunResult run = run_kind(cluster, scenario, {}, [&](ChildProcess& harness) {
    // Once the client runs (its generator values are forwarded), the upstream's control forward dies.
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    while (harness.running() && std::chrono::steady_clock::now() < deadline &&
           cluster.port_forward_pid("deployment/vmalert") == 0)
      std::this_thread::sleep_for(100ms);
    if (const pid_t pid = cluster.port_forward_pid("deployment/rwchaos-upstream")) ::kill(pid, SIGKILL);
  });
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_EQ(run.report["verdict"], "error");
  EXPECT_THAT(run.report.value("error", ""), HasSubstr("kubectl port-forward deployment/rwchaos-upstream exited"));
  EXPECT_TRUE(in_order(kubectl_lines(cluster.calls()), {"-n rwchaos scale deployment/vmalert --replicas=1",
                                                        "-n rwchaos scale deployment/vmalert --replicas=0"}));
}

TEST_F(KindEnvironmentStandIn, AnotherIstioThanThePinnedOneIsExitTwoNamingBoth) {
  StandInOptions options;
  options.istiod_image = "docker.io/istio/pilot:1.23.2";
  StandInCluster cluster(options);
  const RunResult run = run_kind(cluster, scenario_file(cluster.dir(), "vmalert", "[]", "{lost: 0}"), {});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_THAT(run.report.value("error", ""), HasSubstr("the cluster runs Istio 1.23.2 (istiod image docker.io/istio/pilot:1.23.2), Istio 1.24 needed"));
  for (const auto& line : kubectl_lines(cluster.calls())) EXPECT_THAT(line, ::testing::Not(HasSubstr("scale")));
}

}  // namespace
}  // namespace rwchaos::harness
