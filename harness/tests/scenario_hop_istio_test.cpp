// `hop: {kind: istio}` in a scenario: its keys, its policies through the validator and the
// translation, and `expect:` on the mesh counts. Bad input names file:line:col and field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "faults/config/located_error.hpp"
#include "harness/checks/evaluate.hpp"
#include "harness/scenario/scenario_loader.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ScenarioHopIstio : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("rwchaos-hop-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "policies");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }

  Scenario load(const std::string& hop, const std::string& expect = "{lost: 0}") {
    const std::string text = "name: s\nclient: {kind: vmalert}\nhop:\n" + hop + "\nexpect: " + expect + "\n";
    return load_scenario_text(text, (dir_ / "s.yaml").string());
  }

  std::string first_error(const std::string& hop, const std::string& expect = "{lost: 0}") {
    try {
      load(hop, expect);
    } catch (const faults::config::InvalidInput& error) {
      return error.first().to_string();
    }
    return "no error";
  }

  fs::path dir_;
};

const char* dr = R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: vminsert}
spec:
  host: vminsert
  trafficPolicy: {connectionPool: {http: {idleTimeout: 30s}}}
)";

TEST_F(ScenarioHopIstio, EveryKeyIsRead) {
  write("policies/dr.yaml", dr);
  const Scenario s = load(
      "  kind: istio\n  istio: \"1.22\"\n  server_sidecar: false\n  host: vminsert\n  port: 8428\n"
      "  namespace: monitoring\n  policies: [policies/dr.yaml]");
  EXPECT_EQ(s.hop.kind, "istio");
  EXPECT_EQ(s.hop.istio, "1.22");
  EXPECT_FALSE(s.hop.server_sidecar);
  EXPECT_EQ(s.hop.host, "vminsert");
  EXPECT_EQ(s.hop.port, 8428);
  EXPECT_EQ(s.hop.ns, "monitoring");
  ASSERT_EQ(s.hop.policies.size(), 1u);
  EXPECT_EQ(fs::path(s.hop.policies[0]), (dir_ / "policies/dr.yaml").lexically_normal());
}

TEST_F(ScenarioHopIstio, DefaultsAreTheNewestReleaseAMeshedServerPort8480AndDefaultNamespace) {
  const Scenario s = load("  kind: istio\n  host: vminsert");
  EXPECT_EQ(s.hop.istio, "1.24");
  EXPECT_TRUE(s.hop.server_sidecar);
  EXPECT_EQ(s.hop.port, 8480);
  EXPECT_EQ(s.hop.ns, "default");
  EXPECT_TRUE(s.hop.warnings.empty());
}

TEST_F(ScenarioHopIstio, BadHopInputIsLocated) {
  EXPECT_THAT(first_error("  kind: istio\n  istio: \"1.21\"\n  host: vminsert"),
              HasSubstr("s.yaml:5:10: field 'hop.istio': expected one of"));
  EXPECT_THAT(first_error("  kind: istio"), HasSubstr("s.yaml:4:3: field 'hop.host'"));
  EXPECT_THAT(first_error("  kind: istio\n  host: vminsert\n  retries: 2"),
              HasSubstr("s.yaml:6:12: field 'hop.retries': only for kind haproxy"));
  EXPECT_THAT(first_error("  kind: haproxy\n  host: vminsert"), HasSubstr("s.yaml:5:9: field 'hop.host': only for kind istio"));
  EXPECT_THAT(first_error("  kind: istio\n  host: vminsert\n  port: 70000"), HasSubstr("s.yaml:6:9: field 'hop.port'"));
  EXPECT_THAT(first_error("  kind: istio\n  host: vminsert\n  policies: [nowhere.yaml]"),
              HasSubstr("s.yaml:6:14: field 'hop.policies[0]': no such file"));
}

TEST_F(ScenarioHopIstio, ABadPolicyIsLocatedInThePolicyFile) {
  write("policies/dr.yaml", R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: vminsert}
spec:
  host: vminsert
  trafficPolicy: {connectionPool: {http: {idleTimeot: 30s}}}
)");
  EXPECT_THAT(first_error("  kind: istio\n  host: vminsert\n  policies: [policies/dr.yaml]"),
              HasSubstr("policies/dr.yaml:6:43: field"));
}

TEST_F(ScenarioHopIstio, ThePolicyIsCheckedForTheHopsRelease) {
  write("policies/vs.yaml", R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vminsert}
spec:
  hosts: [vminsert]
  http: [{retries: {attempts: 2, retryOn: reset-before-request}, route: [{destination: {host: vminsert}}]}]
)");
  EXPECT_EQ(first_error("  kind: istio\n  istio: \"1.23\"\n  host: vminsert\n  policies: [policies/vs.yaml]"), "no error");
  EXPECT_THAT(first_error("  kind: istio\n  istio: \"1.22\"\n  host: vminsert\n  policies: [policies/vs.yaml]"),
              HasSubstr("reset-before-request"));
}

TEST_F(ScenarioHopIstio, APolicyForAnotherHostIsAWarning) {
  write("policies/dr.yaml", dr);
  const Scenario s = load("  kind: istio\n  host: vmstorage\n  policies: [policies/dr.yaml]");
  ASSERT_EQ(s.hop.warnings.size(), 1u);
  EXPECT_THAT(s.hop.warnings[0], HasSubstr("DestinationRule vminsert (vminsert.default.svc.cluster.local) selects no host"));
}

TEST_F(ScenarioHopIstio, ExpectTakesMeshCountsAndResponseFlags) {
  const Scenario s = load("  kind: istio\n  host: vminsert", "{mesh_replies: 0, mesh_retries: {max: 3}, response_flags: {UC: 0, URX: {min: 1}}}");
  EXPECT_EQ(s.expect.at("mesh_replies").max, 0.0);
  EXPECT_EQ(s.expect.at("mesh_retries").max, 3.0);
  EXPECT_EQ(s.expect.at("response_flags.UC").max, 0.0);
  EXPECT_EQ(s.expect.at("response_flags.URX").min, 1.0);
  Counts counts;
  counts.response_flags["URX"] = 2;
  const auto results = evaluate(s.expect, counts);
  for (const auto& result : results) EXPECT_TRUE(result.pass) << result.name;
  counts.response_flags["UC"] = 1;
  bool uc_failed = false;
  for (const auto& result : evaluate(s.expect, counts)) uc_failed = uc_failed || (result.name == "response_flags.UC" && !result.pass);
  EXPECT_TRUE(uc_failed);
  EXPECT_THAT(first_error("  kind: istio\n  host: vminsert", "{response_flags: {XX: 0}}"),
              HasSubstr("field 'expect.response_flags.XX'"));
}

}  // namespace
}  // namespace rwchaos::harness
