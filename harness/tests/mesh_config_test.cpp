// The sidecar's config file (docs/internals.md "The sidecar"): Istio's defaults when a field is
// absent, and every mistake reported as FILE:LINE:COL: field '...': what is wrong (exit 2).
#include <gtest/gtest.h>

#include "harness/process/child_process.hpp"
#include "harness/common/located_json.hpp"
#include "harness/mesh/sidecar_config.hpp"
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness::mesh {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_sidecar_config(text, "sidecar.json");
  } catch (const SidecarConfigError& error) {
    return error.what();
  }
  return "accepted";
}

TEST(SidecarConfig, DefaultsFollowIstioAndEnvoy) {
  const SidecarConfig outbound = parse_sidecar_config(R"({"upstream": "127.0.0.1:8480"})", "f");
  EXPECT_EQ(outbound.role, Role::outbound);
  EXPECT_EQ(outbound.istio, "1.24");
  EXPECT_EQ(outbound.server_name, "envoy");
  EXPECT_TRUE(outbound.attempt_count_header);
  EXPECT_EQ(outbound.retry_buffer_limit_bytes, 1u << 20);
  ASSERT_EQ(outbound.clusters.size(), 1u);
  const ClusterSettings& cluster = outbound.clusters[0];
  EXPECT_EQ(cluster.name, "outbound|8480||");
  EXPECT_EQ(cluster.connect_timeout, Millis(10'000));
  EXPECT_EQ(cluster.idle_timeout, Millis(3'600'000));
  EXPECT_EQ(cluster.max_requests_per_connection, 0u);
  for (const auto limit : {cluster.max_connections, cluster.max_pending_requests, cluster.max_requests, cluster.max_retries})
    EXPECT_EQ(limit, 4294967295u);
  ASSERT_EQ(outbound.routes.size(), 1u);
  EXPECT_EQ(outbound.routes[0].name, "default");
  EXPECT_EQ(outbound.routes[0].match.prefix, "/");
  EXPECT_EQ(outbound.routes[0].timeout, Millis(0));
  EXPECT_FALSE(outbound.routes[0].retry_policy);
  EXPECT_NE(outbound.access_log.format.find("%UPSTREAM_CLUSTER_RAW%"), std::string::npos);

  const SidecarConfig inbound =
      parse_sidecar_config(R"({"upstream": "127.0.0.1:8480", "role": "inbound", "istio": "1.22",
                               "routes": [{"retry_policy": {"retry_on": ["reset-before-request"]}}]})", "f");
  EXPECT_EQ(inbound.server_name, "istio-envoy");
  EXPECT_FALSE(inbound.attempt_count_header);
  EXPECT_EQ(inbound.clusters[0].name, "inbound|8480||");
  EXPECT_EQ(inbound.envoy.details_separator, ",");
  EXPECT_TRUE(inbound.envoy.connect_error_as_errno);
  EXPECT_FALSE(inbound.envoy.knows_reset_before_request);
  EXPECT_NE(inbound.access_log.format.find("%UPSTREAM_CLUSTER% "), std::string::npos);
  const RetryPolicy& policy = *inbound.routes[0].retry_policy;
  EXPECT_EQ(policy.num_retries, 1u);  // Envoy's own default
  EXPECT_EQ(policy.base_interval, Millis(25));
  EXPECT_EQ(policy.max_interval_or_default(), Millis(250));
}

TEST(SidecarConfig, ErrorsNameLineColumnAndField) {
  EXPECT_EQ(error_of("{\n  \"upstream\": \"127.0.0.1:1\",\n  \"rol\": \"inbound\"\n}"),
            "sidecar.json:3:3: field 'rol': unknown key; did you mean 'role'?");
  EXPECT_EQ(error_of("{\"upstream\": \"127.0.0.1:1\", \"role\": \"sideways\"}"),
            "sidecar.json:1:29: field 'role': expected one of outbound | inbound, got \"sideways\"");
  EXPECT_EQ(error_of("{\"upstream\": \"10.0.0.1:80\"}"),
            "sidecar.json:1:2: field 'upstream': \"10.0.0.1:80\" is not a loopback address (127.0.0.0/8 or ::1)");
  EXPECT_EQ(error_of("{\"upstream\": \"127.0.0.1\"}"),
            "sidecar.json:1:2: field 'upstream': expected host:port (or [::1]:port), got \"127.0.0.1\"");
  EXPECT_EQ(error_of("{}"), "sidecar.json:1:1: field 'upstream' is required (host:port of the upstream)");
  EXPECT_EQ(error_of("{\"upstream\": \"127.0.0.1:1\", \"istio\": \"1.25\"}"),
            "sidecar.json:1:29: field 'istio': expected \"1.22\", \"1.23\" or \"1.24\" (the Istio versions modelled), got \"1.25\"");
  EXPECT_EQ(error_of("{\"upstream\": \"127.0.0.1:1\",\n \"routes\": [{\"retry_policy\": {\"retry_on\": [\"reset\", \"rest\"]}}]}"),
            "sidecar.json:2:53: field 'routes[0].retry_policy.retry_on[1]': \"rest\" is not an Envoy retry_on token; "
            "did you mean \"reset\"?");
  EXPECT_EQ(error_of("{\"upstream\": \"127.0.0.1:1\", \"routes\": [{\"retry_policy\": {\"num_retries\": -1}}]}"),
            "sidecar.json:1:58: field 'routes[0].retry_policy.num_retries': expected a whole number from 0 to 4294967295");
  EXPECT_EQ(error_of("{\"upstream\": \"127.0.0.1:1\", \"routes\": [{\"cluster\": \"nope\"}]}"),
            "sidecar.json:1:41: field 'routes[0].cluster': \"nope\" is not the name of one of `clusters`");
  EXPECT_EQ(error_of("{\"upstream\": \"127.0.0.1:1\", \"clusters\": [{\"name\": \"a\", \"connect_timeout_ms\": 0}]}"),
            "sidecar.json:1:56: field 'clusters[0].connect_timeout_ms': expected a whole number from 1 to 31536000000, got 0");
  EXPECT_EQ(error_of("{\"upstream\": \"127.0.0.1:1\", \"access_log\": {\"format\": \"%NOPE%\"}}"),
            "sidecar.json:1:44: field 'access_log.format': unknown access log operator %NOPE%");
  EXPECT_EQ(error_of("{\"upstream\": \"127.0.0.1:1\",\n  \"seed\": }"),
            "sidecar.json:2:11: JSON: syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal");
}

TEST(SidecarConfig, JsonPositionsNameEveryMemberAndElement) {
  const LocatedJson doc = parse_located_json("{\n  \"a\": [1, \"two\",\n        {\"b\": true}],\n  \"c\\\"d\": null\n}");
  EXPECT_EQ(doc.at("/a").line, 2);
  EXPECT_EQ(doc.at("/a").column, 3);
  EXPECT_EQ(doc.at("/a/0").column, 9);
  EXPECT_EQ(doc.at("/a/1").column, 12);
  EXPECT_EQ(doc.at("/a/2").line, 3);
  EXPECT_EQ(doc.at("/a/2").column, 9);
  EXPECT_EQ(doc.at("/a/2/b").column, 10);
  EXPECT_EQ(doc.at("/c\"d").line, 4);
  EXPECT_EQ(doc.at("/c\"d").column, 3);
  EXPECT_EQ(doc.at("/a/2/missing").column, 9) << "falls back to the nearest ancestor";
}

TEST(SidecarConfig, CommandExitsTwoWithLocatedMessage) {
  e2e::WorkDir work("sidecar-config");
  std::ofstream(work.path() / "bad.json") << "{\n  \"upstream\": \"127.0.0.1:1\",\n  \"clusters\": [{\"name\": \"c\", \"idle_timeout_ms\": \"1h\"}]\n}\n";
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), RWCHAOS_BINARY);
    auto child = ChildProcess::start({"sidecar", args, work.path() / "sidecar.log", {}, {}});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (child->running() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return std::make_pair(child->exit_status().value_or(-1), child->log_tail());
  };
  const auto [bad, bad_log] = run({"sidecar", "--config", (work.path() / "bad.json").string()});
  EXPECT_EQ(bad, 2);
  EXPECT_NE(bad_log.find("bad.json:3:30: field 'clusters[0].idle_timeout_ms': expected a whole number"), std::string::npos)
      << bad_log;
  const auto [missing, missing_log] = run({"sidecar", "--config", (work.path() / "absent.json").string()});
  EXPECT_EQ(missing, 2);
  EXPECT_NE(missing_log.find("absent.json:0:0: cannot read the file"), std::string::npos) << missing_log;
  EXPECT_EQ(run({"sidecar"}).first, 2);
  EXPECT_EQ(run({"sidecar", "--help"}).first, 0);
}

}  // namespace
}  // namespace rwchaos::harness::mesh
