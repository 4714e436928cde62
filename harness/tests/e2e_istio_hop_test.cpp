// `hop: {kind: istio}` end to end with the real vmalert: the client's requests cross the outbound and
// inbound sidecars (`rwchaos sidecar` children), the server's keep-alive races a reused connection,
// and what vmalert logs is the sidecar's byte-exact local reply. (A sidecar that dies, and rwchaos
// killed with its sidecars: e2e_run_lifecycle_test.cpp.)
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness::e2e {
namespace {

// Envoy's local reply for an upstream reset before headers, connection termination (the envoy-uc
// preset; docs/envoy-semantics.md §6).
constexpr const char* envoy_uc_body =
    "upstream connect error or disconnect/reset before headers. reset reason: connection termination";

// The server closes a connection idle for 1 s as its next request arrives; vmalert writes every 2 s,
// so every reused connection of the inbound sidecar meets the race.
const char* race_scenario = R"(
name: istio-race
client: {kind: vmalert, interval: 2s}
hop: {kind: istio, host: vminsert}
seed: 7
upstream:
  faults: [{action: close_on_reuse, how: fin, when: {idle_for: 1s}}]
duration: 9s
settle: 8s
expect: {mesh_replies: {min: 1}, response_flags: {UC: {min: 1}}, lost: 0}
)";

std::vector<std::string> lines_with(const std::string& text, const std::string& part) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find(part) != std::string::npos) out.push_back(line);
  return out;
}

TEST(E2eIstioHop, VmalertSeesTheInboundSidecarsUcReplyAndTheLogsHaveFlagUC) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert", "victoria-metrics");
  WorkDir work("istio-race");
  const RunOutcome run = run_scenario_text(work, race_scenario, 90s);
  ASSERT_FALSE(run.report.is_null()) << run.output;
  EXPECT_EQ(run.report["verdict"], "pass") << run.report.dump(2);
  EXPECT_EQ(run.report["hop"]["kind"], "istio");
  EXPECT_NE(run.report["hop"]["model"].get<std::string>().find("not Envoy"), std::string::npos);
  const fs::path results = scenario_dir(work);  // the scenario's folder: its sidecar logs and logs/
  // The inbound sidecar wrote the 503 itself; the outbound relayed it (1.24: 503 is not retried).
  const auto inbound_uc = lines_with(read_text(results / "sidecar-inbound.log"),
                                     "\" 503 UC upstream_reset_before_response_started{connection_termination} - ");
  const auto outbound_503 = lines_with(read_text(results / "sidecar-outbound.log"), "\" 503 - via_upstream - ");
  EXPECT_GE(inbound_uc.size(), 1u) << read_text(results / "sidecar-inbound.log");
  EXPECT_EQ(outbound_503.size(), inbound_uc.size()) << read_text(results / "sidecar-outbound.log");
  EXPECT_EQ(count(run, "mesh_replies"), inbound_uc.size());
  EXPECT_EQ(run.report["counts"]["response_flags"]["UC"].get<std::uint64_t>(), inbound_uc.size());
  EXPECT_EQ(count(run, "mesh_retries"), 0u);
  // vmalert logs the body it got, quoted by Go's %q: the sidecar's exact text. (Its rule queries
  // also log 503s once the generator is frozen: not remote-write lines.)
  const auto warnings = lines_with(read_text(results / "logs" / "vmalert.log"),
                                   "to send request failed: unexpected response code 503");
  ASSERT_EQ(warnings.size(), inbound_uc.size()) << read_text(results / "logs" / "vmalert.log");
  for (const auto& warning : warnings)
    EXPECT_NE(warning.find(fmt::format("Response body \"{}\"", envoy_uc_body)), std::string::npos) << warning;
  EXPECT_EQ(count(run, "lost"), 0u);
}

}  // namespace
}  // namespace rwchaos::harness::e2e
