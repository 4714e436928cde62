// The kind environment where no cluster is: it must fail cleanly (EnvironmentError, exit 2, a
// message saying what to do), and its building blocks (tool runner, port-forward parsing, the
// cluster clock's Date header) must work on real processes. The full run against a stand-in cluster
// is kind_environment_standin_test.cpp.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "harness/env/environment.hpp"
#include "harness/env/kind_environment.hpp"
#include "harness/env/kind_port_forward.hpp"
#include "harness/env/kind_tools.hpp"
#include "harness/scenario/scenario_loader.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ::testing::HasSubstr;

// A folder that becomes $PATH for one test, with fake tools written into it; PATH is restored after.
class FakePath {
 public:
  FakePath() : dir_(fs::temp_directory_path() / fmt_name()) {
    fs::create_directories(dir_);
    const char* path = std::getenv("PATH");
    saved_ = path ? path : "";
    ::setenv("PATH", dir_.c_str(), 1);
  }
  ~FakePath() {
    ::setenv("PATH", saved_.c_str(), 1);
    fs::remove_all(dir_);
  }
  void add_script(const std::string& name, const std::string& body) {
    const fs::path file = dir_ / name;
    std::ofstream(file) << "#!/bin/sh\n" << body << "\n";
    ::chmod(file.c_str(), 0755);
  }
  const fs::path& dir() const { return dir_; }

 private:
  static std::string fmt_name() {
    return "rwchaos-kind-path-" + std::to_string(::getpid()) + "-" +
           std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  }
  fs::path dir_;
  std::string saved_;
};

std::string message_of_make_environment() {
  try {
    make_environment("kind");
  } catch (const EnvironmentError& error) {
    return error.what();
  }
  return "no EnvironmentError";
}

TEST(KindEnvironment, WithoutKubectlOnPathSaysWhatToDo) {
  FakePath path;  // empty
  EXPECT_EQ(message_of_make_environment(), "kubectl not found: install kubectl or run with --env local");
}

// The harness drives the cluster with kubectl alone, so it also runs where kind (and docker) are not,
// e.g. from the rwchaos image in CI.
TEST(KindEnvironment, KindItselfIsNotNeeded) {
  FakePath path;
  path.add_script("kubectl", "exit 0");
  EXPECT_EQ(message_of_make_environment(), "no EnvironmentError");
}

TEST(KindEnvironment, MissingClusterNamesTheClusterAndTheFix) {
  FakePath path;
  // `kubectl config get-contexts -o name` without ours; any other call is a failure of the test.
  path.add_script("kubectl", "if [ \"$1 $2\" = 'config get-contexts' ]; then echo kind-other; exit 0; fi\n"
                             "echo kubectl must not be called before the cluster check >&2; exit 3");
  const Scenario scenario = load_scenario_file(std::string(RWCHAOS_SOURCE_DIR) +
                                               "/harness/tests/data/istio/scenarios/vmalert-uc.yaml");
  KindSettings settings;
  settings.cluster = "rwchaos-test";
  KindEnvironment env(settings);
  const fs::path run_dir = path.dir() / "run";
  try {
    env.start(scenario, run_dir, "seed: 1\nfaults: []\n");
    FAIL() << "start succeeded without a cluster";
  } catch (const EnvironmentError& error) {
    EXPECT_THAT(error.what(), HasSubstr("kind cluster 'rwchaos-test' not found: run scripts/kind-up"));
    EXPECT_THAT(error.what(), HasSubstr("kubectl has no context kind-rwchaos-test"));
  }
  env.stop_all();  // after a failed start: must not throw or call kubectl for a policy never applied
}

// kind and kubectl for cluster rwchaos-test running the pinned Istio; kubectl appends each call's
// arguments to the returned file and answers `more_cases` (shell case arms) as given.
fs::path add_recording_cluster(FakePath& path, const std::string& more_cases) {
  const fs::path calls = path.dir() / "kubectl.calls";
  path.add_script("kind", "echo rwchaos-test");
  path.add_script("kubectl", "echo \"$*\" >> " + calls.string() +
                                 "\ncase \"$*\" in *get-contexts*) echo kind-rwchaos-test;; *istiod*) echo istio/pilot:" +
                                 KindSettings::pinned_istio_version() + ";; " + more_cases + " esac");
  return calls;
}

// `hop: istio` in kind: the hop's policies are applied with kubectl before traffic and deleted at
// stop, even when the start fails later (here: port-forward fails).
TEST(KindEnvironment, AppliesHopPoliciesAndDeletesThemAtStop) {
  FakePath path;
  const fs::path calls = add_recording_cluster(path, "*port-forward*) echo no pod >&2; exit 1;; *secret*) echo token;;");
  fs::create_directories(path.dir() / "s" / "policies");
  std::ofstream(path.dir() / "s" / "policies" / "vs.yaml")
      << "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: u}\nspec:\n"
         "  hosts: [rwchaos-upstream]\n  http: [{route: [{destination: {host: rwchaos-upstream}}]}]\n";
  const fs::path file = path.dir() / "s" / "scenario.yaml";
  std::ofstream(file) << "name: s\nclient: {kind: vmalert}\nhop: {kind: istio, host: rwchaos-upstream, namespace: "
                         "rwchaos, policies: [policies/vs.yaml]}\nexpect: {lost: 0}\n";
  const Scenario scenario = load_scenario_file(file.string());
  KindSettings settings;
  settings.cluster = "rwchaos-test";
  KindEnvironment env(settings);
  EXPECT_THROW(env.start(scenario, path.dir() / "run", "seed: 1\nfaults: []\n"), EnvironmentError);
  env.stop_all();
  std::ifstream in(calls);
  const std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string policy = (path.dir() / "s" / "policies" / "vs.yaml").string();
  EXPECT_THAT(log, HasSubstr("-n rwchaos apply -f " + policy));
  EXPECT_THAT(log, HasSubstr("-n rwchaos delete -f " + policy + " --ignore-not-found"));
  EXPECT_LT(log.find("apply -f"), log.find("port-forward"));
}

// What start() refuses before it touches the cluster: kind and kubectl fail if called at all.
std::string refusal_before_the_cluster(const Scenario& scenario) {
  FakePath path;
  path.add_script("kind", "echo kind must not be called >&2; exit 3");
  path.add_script("kubectl", "echo kubectl must not be called >&2; exit 3");
  KindEnvironment env(KindSettings{});
  try {
    env.start(scenario, path.dir() / "run", "seed: 1\nfaults: []\n");
  } catch (const EnvironmentError& error) {
    return error.what();
  }
  return "(started)";
}

Scenario vmalert_uc() {
  return load_scenario_file(std::string(RWCHAOS_SOURCE_DIR) + "/harness/tests/data/istio/scenarios/vmalert-uc.yaml");
}

TEST(KindEnvironment, IstioHopHostMustBeTheUpstreamService) {
  Scenario scenario = vmalert_uc();
  scenario.hop.kind = "istio";
  scenario.hop.host = "vminsert";
  scenario.hop.ns = "rwchaos";
  scenario.hop.server_sidecar = false;
  EXPECT_THAT(refusal_before_the_cluster(scenario), HasSubstr("hop.host must be the upstream Service rwchaos-upstream-direct"));
}

TEST(KindEnvironment, IstioHopNamespaceMustBeTheWorkloadsNamespace) {
  Scenario scenario = vmalert_uc();
  scenario.hop.kind = "istio";
  scenario.hop.host = "rwchaos-upstream";
  scenario.hop.ns = "monitoring";
  EXPECT_THAT(refusal_before_the_cluster(scenario),
              HasSubstr("vmalert-uc.yaml: in kind, hop.namespace must be rwchaos, the namespace the workloads run in, "
                        "got monitoring"));
}

TEST(KindEnvironment, ClientsWithoutKindManifestAreRejectedBeforeTouchingTheCluster) {
  Scenario scenario = vmalert_uc();
  scenario.client.kind = "prometheus";
  EXPECT_THAT(refusal_before_the_cluster(scenario), HasSubstr("client.kind 'prometheus' has no kind manifest"));
}

// suites/istio-policy/07-older-istio-default.yaml expects Istio 1.23's defaults: on the pinned
// release's cluster it would be judged against another release, so it is an error naming both.
TEST(KindEnvironment, AScenarioForAnotherIstioReleaseIsAnErrorNamingBoth) {
  FakePath path;
  const fs::path calls = add_recording_cluster(path, "*) exit 3;;");
  const Scenario scenario = load_scenario_file(std::string(RWCHAOS_SOURCE_DIR) +
                                               "/suites/istio-policy/07-older-istio-default.yaml");
  ASSERT_EQ(scenario.hop.istio, "1.23");
  KindSettings settings;
  settings.cluster = "rwchaos-test";
  KindEnvironment env(settings);
  try {
    env.start(scenario, path.dir() / "run", "seed: 1\nfaults: []\n");
    FAIL() << "start ran a 1.23 scenario on a " << KindSettings::pinned_istio_version() << " cluster";
  } catch (const EnvironmentError& error) {
    EXPECT_THAT(error.what(), HasSubstr("07-older-istio-default.yaml: hop.istio is 1.23, but the cluster runs Istio " +
                                        KindSettings::pinned_istio_version()));
  }
  env.stop_all();
  std::ifstream in(calls);
  const std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_THAT(log, ::testing::Not(HasSubstr("scale")));  // nothing in the cluster was touched
}

TEST(KindEnvironment, RunCommandExitsTwoWithTheMessage) {
  FakePath path;
  const fs::path results = path.dir() / "results";
  const std::string scenario = std::string(RWCHAOS_SOURCE_DIR) + "/harness/tests/data/istio/scenarios/vmalert-uc.yaml";
  const std::vector<std::string> argv = {RWCHAOS_BINARY, "run", scenario, "--env", "kind", "--results", results.string()};
  const ToolResult result = run_tool(argv, 60s);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("kubectl not found: install kubectl or run with --env local"));
}

TEST(KindPortForward, ParsesTheLocalPortKubectlPrints) {
  const std::string output =
      "Forwarding from 127.0.0.1:41234 -> 9090\nForwarding from 127.0.0.1:41235 -> 8481\nHandling connection for 41234\n";
  EXPECT_EQ(parse_port_forward_port(output, 9090), 41234);
  EXPECT_EQ(parse_port_forward_port(output, 8481), 41235);
  EXPECT_EQ(parse_port_forward_port(output, 8480), std::nullopt);
  EXPECT_EQ(parse_port_forward_port("error: unable to forward port", 9090), std::nullopt);
}

TEST(KindPortForward, StartsKubectlWithContextAndWaitsForThePort) {
  FakePath path;
  const fs::path args_file = path.dir() / "args";
  // A stand-in kubectl that records its argv and prints what the real one prints, then stays up.
  path.add_script("kubectl", "echo \"$@\" > " + args_file.string() +
                                 "\necho 'Forwarding from 127.0.0.1:45678 -> 9090'\nexec /bin/sleep 30");
  auto forward = KindPortForward::start(find_on_path("kubectl"), "kind-rwchaos", "rwchaos", "deployment/rwchaos-upstream",
                                        9090, path.dir() / "pf.log", 10s);
  EXPECT_EQ(forward->url(), "http://127.0.0.1:45678");
  EXPECT_TRUE(forward->process().running());
  std::ifstream args(args_file);
  std::string line;
  std::getline(args, line);
  EXPECT_EQ(line, "--context kind-rwchaos -n rwchaos port-forward --address=127.0.0.1 deployment/rwchaos-upstream :9090");
  forward->process().stop(std::chrono::milliseconds(2000));
}

TEST(KindPortForward, FailingKubectlIsAnErrorWithItsOutput) {
  FakePath path;
  path.add_script("kubectl", "echo 'error: deployments.apps \"nope\" not found' >&2; exit 1");
  try {
    KindPortForward::start(find_on_path("kubectl"), "kind-rwchaos", "rwchaos", "deployment/nope", 9090,
                           path.dir() / "pf.log", 10s);
    FAIL() << "no error";
  } catch (const std::runtime_error& error) {
    EXPECT_THAT(error.what(), HasSubstr("deployments.apps \"nope\" not found"));
  }
}

TEST(KindTools, RunToolCapturesOutputAndExitCode) {
  const ToolResult echo = run_tool({"/bin/sh", "-c", "echo out; echo err >&2; exit 7"}, 10s);
  EXPECT_EQ(echo.exit_code, 7);
  EXPECT_FALSE(echo.timed_out);
  EXPECT_EQ(echo.output, "out\n");
  EXPECT_EQ(echo.diagnostics, "err\n");
  EXPECT_EQ(tool_message(echo), "err\n");
  const ToolResult cat = run_tool({"/bin/cat"}, 10s, "token-on-stdin");
  EXPECT_TRUE(cat.ok());
  EXPECT_EQ(cat.output, "token-on-stdin");
}

// kubectl prints warnings on stderr while stdout carries the value (the control token): never mixed.
TEST(KindTools, RunToolKeepsStderrOutOfTheOutput) {
  const ToolResult token = run_tool(
      {"/bin/sh", "-c", "echo 'Warning: v1 ComponentStatus is deprecated' >&2; printf s3cr3t; echo 'W0101 more' >&2"}, 10s);
  EXPECT_TRUE(token.ok());
  EXPECT_EQ(token.output, "s3cr3t");
  EXPECT_THAT(token.diagnostics, HasSubstr("Warning: v1 ComponentStatus is deprecated"));
}

TEST(KindTools, RunToolKillsWhatRunsTooLong) {
  const auto started = std::chrono::steady_clock::now();
  const ToolResult slow = run_tool({"/bin/sh", "-c", "sleep 30"}, 300ms);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(slow.timed_out);
  EXPECT_FALSE(slow.ok());
  EXPECT_LT(took, 5s);
}

TEST(KindTools, RunToolReportsAMissingProgram) {
  FakePath path;
  const ToolResult missing = run_tool({"kind", "get", "clusters"}, 5s);
  EXPECT_EQ(missing.exit_code, -1);
  EXPECT_EQ(missing.error, "kind not found on PATH");
  EXPECT_EQ(find_on_path("kind"), "");
}

}  // namespace
}  // namespace rwchaos::harness
