// hop + DestinationRule/VirtualService -> the two sidecar configs, one test per mapping row of
// docs/envoy-semantics.md §7 (I1-I8). Every config produced must also be one the sidecar accepts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "faults/config/located_error.hpp"
#include "harness/scenario/istio_hop_inputs.hpp"
#include "harness/mesh/sidecar_config.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class IstioConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("rwchaos-translation-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    hop_.kind = "istio";
    hop_.host = "vminsert";
  }
  void TearDown() override { fs::remove_all(dir_); }

  void policy(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    hop_.policies.push_back((dir_ / name).string());
  }

  // A VirtualService for host vminsert with the given `http:` routes.
  void virtual_service(const std::string& http_routes) {
    policy("vs.yaml", "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vminsert}\n"
                      "spec:\n  hosts: [vminsert]\n  http:\n" + http_routes);
  }

  // The translation, checked by the sidecar's own config reader.
  istio::SidecarConfigs translate() {
    istio::SidecarConfigs configs = istio::translate_istio_hop(istio_hop_inputs(hop_));
    outbound_ = parse(configs.outbound);
    if (configs.inbound) inbound_ = parse(*configs.inbound);
    return configs;
  }

  static mesh::SidecarConfig parse(nlohmann::json config) {
    config["upstream"] = "127.0.0.1:8480";
    return mesh::parse_sidecar_config(config.dump(), "translated.json");
  }

  fs::path dir_;
  HopSpec hop_;
  mesh::SidecarConfig outbound_;
  mesh::SidecarConfig inbound_;
};

const char* dr_idle = R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: vminsert}
spec:
  host: vminsert
  trafficPolicy:
    connectionPool:
      tcp: {maxConnections: 7, connectTimeout: 2s}
      http: {idleTimeout: 30s, maxRequestsPerConnection: 100, http1MaxPendingRequests: 5, maxRetries: 3}
)";

TEST_F(IstioConfig, DefaultRetryPolicyPerVersion) {
  hop_.istio = "1.23";
  translate();
  ASSERT_EQ(outbound_.routes.size(), 1u);
  EXPECT_EQ(outbound_.routes[0].name, "default");
  ASSERT_TRUE(outbound_.routes[0].retry_policy);
  EXPECT_EQ(outbound_.routes[0].retry_policy->num_retries, 2u);
  EXPECT_EQ(outbound_.routes[0].retry_policy->retry_on.to_string(),
            "connect-failure,refused-stream,retriable-status-codes,cancelled,unavailable");
  EXPECT_THAT(outbound_.routes[0].retry_policy->retriable_status_codes, ElementsAre(503));
  hop_.istio = "1.24";
  translate();
  EXPECT_THAT(outbound_.routes[0].retry_policy->retriable_status_codes, IsEmpty());
  EXPECT_EQ(outbound_.clusters[0].name, "outbound|8480||vminsert.default.svc.cluster.local");
}

TEST_F(IstioConfig, RetryOnNumbersBecomeStatusCodes) {
  virtual_service(R"(  - name: write
    timeout: 5s
    retries: {attempts: 3, perTryTimeout: 1s, retryOn: "reset, 503 ,connect-failure"}
    route: [{destination: {host: vminsert}}]
)");
  translate();
  ASSERT_EQ(outbound_.routes.size(), 1u);
  const auto& route = outbound_.routes[0];
  EXPECT_EQ(route.name, "write");
  EXPECT_EQ(route.timeout.count(), 5000);
  ASSERT_TRUE(route.retry_policy);
  EXPECT_EQ(route.retry_policy->num_retries, 3u);
  EXPECT_EQ(route.retry_policy->retry_on.to_string(), "connect-failure,retriable-status-codes,reset");
  EXPECT_THAT(route.retry_policy->retriable_status_codes, ElementsAre(503));
  EXPECT_EQ(route.retry_policy->per_try_timeout.count(), 1000);
}

// "0503" reads as status 503 in the validator (Atoi) and so in the translation: it must not reach
// the sidecar as a retry_on token, which the sidecar refuses at start.
TEST_F(IstioConfig, ARetryOnStatusWithALeadingZeroIsAStatusCode) {
  virtual_service(R"(  - retries: {attempts: 2, retryOn: "reset,0503"}
    route: [{destination: {host: vminsert}}]
)");
  translate();
  ASSERT_EQ(outbound_.routes.size(), 1u);
  ASSERT_TRUE(outbound_.routes[0].retry_policy);
  const std::string retry_on = outbound_.routes[0].retry_policy->retry_on.to_string();
  EXPECT_NE(retry_on.find("reset"), std::string::npos) << retry_on;
  EXPECT_NE(retry_on.find("retriable-status-codes"), std::string::npos) << retry_on;
  EXPECT_EQ(retry_on.find("0503"), std::string::npos) << retry_on;
  EXPECT_THAT(outbound_.routes[0].retry_policy->retriable_status_codes, ElementsAre(503));
}

TEST_F(IstioConfig, ZeroAttemptsMeansTheRouteNeverRetries) {
  policy("vs.yaml", R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vminsert}
spec:
  hosts: [vminsert.default.svc.cluster.local]
  http:
  - retries: {attempts: 0}
    route: [{destination: {host: vminsert}}]
)");
  translate();
  ASSERT_EQ(outbound_.routes.size(), 1u);
  EXPECT_FALSE(outbound_.routes[0].retry_policy);
  EXPECT_EQ(outbound_.routes[0].name, "");  // %ROUTE_NAME% prints "-"
}

TEST_F(IstioConfig, RouteMatchesBecomeOneRoutePerEntryWithIstiosNames) {
  virtual_service(R"(  - name: api
    match:
    - {name: write, uri: {prefix: /api/v1/write}, method: {exact: POST}}
    - {uri: {exact: /insert}, ignoreUriCase: true}
    - {port: 9999}
    route: [{destination: {host: vminsert, port: {number: 8480}}}]
)");
  translate();
  ASSERT_EQ(outbound_.routes.size(), 2u);  // the port 9999 entry never matches this hop
  EXPECT_EQ(outbound_.routes[0].name, "api.write");
  EXPECT_EQ(outbound_.routes[0].match.prefix, "/api/v1/write");
  EXPECT_EQ(outbound_.routes[0].match.method, "POST");
  EXPECT_EQ(outbound_.routes[1].name, "api");
  EXPECT_EQ(outbound_.routes[1].match.exact, "/insert");
  EXPECT_TRUE(outbound_.routes[1].match.ignore_case);
}

TEST_F(IstioConfig, InboundRetryPolicyPerVersion) {
  hop_.istio = "1.24";
  translate();
  ASSERT_EQ(inbound_.routes.size(), 1u);
  ASSERT_TRUE(inbound_.routes[0].retry_policy);
  EXPECT_EQ(inbound_.routes[0].retry_policy->retry_on.to_string(), "reset-before-request");
  EXPECT_EQ(inbound_.routes[0].retry_policy->num_retries, 2u);
  EXPECT_EQ(inbound_.clusters[0].name, "inbound|8480||");
  EXPECT_EQ(inbound_.role, mesh::Role::inbound);
  hop_.istio = "1.23";
  translate();
  EXPECT_FALSE(inbound_.routes[0].retry_policy);
}

TEST_F(IstioConfig, VsDoesNotReachInboundRoute) {
  hop_.istio = "1.23";
  policy("vs.yaml", R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vminsert}
spec:
  hosts: [vminsert]
  http: [{retries: {attempts: 5, retryOn: reset}, route: [{destination: {host: vminsert}}]}]
)");
  translate();
  EXPECT_EQ(outbound_.routes[0].retry_policy->num_retries, 5u);
  EXPECT_FALSE(inbound_.routes[0].retry_policy);
}

TEST_F(IstioConfig, DrConnectionPoolReachesInboundCluster) {
  policy("dr.yaml", dr_idle);
  translate();
  for (const auto* config : {&outbound_, &inbound_}) {
    const auto& cluster = config->clusters[0];
    EXPECT_EQ(cluster.idle_timeout.count(), 30000) << cluster.name;
    EXPECT_EQ(cluster.max_requests_per_connection, 100u);
    EXPECT_EQ(cluster.max_connections, 7u);
    EXPECT_EQ(cluster.connect_timeout.count(), 2000);
    EXPECT_EQ(cluster.max_pending_requests, 5u);
    EXPECT_EQ(cluster.max_retries, 3u);
    EXPECT_EQ(cluster.max_requests, mesh::unlimited);
  }
}

TEST_F(IstioConfig, PortLevelAndSubsetPolicyReplaceTopLevel) {
  policy("dr.yaml", R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: vminsert}
spec:
  host: vminsert
  trafficPolicy:
    connectionPool: {http: {idleTimeout: 30s, maxRequestsPerConnection: 9}}
    portLevelSettings:
    - port: {number: 8480}
      connectionPool: {http: {idleTimeout: 20s}}
  subsets:
  - name: v1
    labels: {version: v1}
    trafficPolicy: {connectionPool: {http: {idleTimeout: 10s}}}
)");
  policy("vs.yaml", R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vminsert}
spec:
  hosts: [vminsert]
  http: [{route: [{destination: {host: vminsert, subset: v1}}]}]
)");
  translate();
  ASSERT_EQ(outbound_.clusters.size(), 1u);
  EXPECT_EQ(outbound_.clusters[0].name, "outbound|8480|v1|vminsert.default.svc.cluster.local");
  EXPECT_EQ(outbound_.clusters[0].idle_timeout.count(), 10000);
  // Inbound: the port entry, never the subset; its unset maxRequestsPerConnection is the default.
  EXPECT_EQ(inbound_.clusters[0].idle_timeout.count(), 20000);
  EXPECT_EQ(inbound_.clusters[0].max_requests_per_connection, 0u);
}

TEST_F(IstioConfig, TcpIdleTimeoutOnlyWhenHttpIdleTimeoutUnsetAndZeroDisables) {
  policy("dr.yaml", R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: vminsert}
spec:
  host: vminsert
  trafficPolicy: {connectionPool: {tcp: {idleTimeout: 0s}}}
)");
  translate();
  EXPECT_EQ(outbound_.clusters[0].idle_timeout.count(), 0);
  hop_.policies.clear();
  policy("dr2.yaml", R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: vminsert}
spec:
  host: vminsert
  trafficPolicy: {connectionPool: {tcp: {idleTimeout: 5s}, http: {idleTimeout: 7s}}}
)");
  translate();
  EXPECT_EQ(outbound_.clusters[0].idle_timeout.count(), 7000);
}

TEST_F(IstioConfig, DefaultRoutesHaveNoTimeout) {
  policy("vs.yaml", R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vminsert}
spec:
  hosts: [vminsert]
  http: [{timeout: 3s, route: [{destination: {host: vminsert}}]}]
)");
  translate();
  EXPECT_EQ(outbound_.routes[0].timeout.count(), 3000);
  EXPECT_EQ(inbound_.routes[0].timeout.count(), 0);
  hop_.policies.clear();
  translate();
  EXPECT_EQ(outbound_.routes[0].timeout.count(), 0);
}

TEST_F(IstioConfig, UnsetAndZeroCountsMeanUnlimited) {
  policy("dr.yaml", R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: vminsert}
spec:
  host: vminsert
  trafficPolicy:
    connectionPool:
      tcp: {maxConnections: 0}
      http: {http1MaxPendingRequests: 0, http2MaxRequests: 0, maxRequestsPerConnection: 0, maxRetries: 0}
)");
  translate();
  for (const auto* config : {&outbound_, &inbound_}) {
    const auto& cluster = config->clusters[0];
    EXPECT_EQ(cluster.max_connections, mesh::unlimited);
    EXPECT_EQ(cluster.max_pending_requests, mesh::unlimited);
    EXPECT_EQ(cluster.max_requests, mesh::unlimited);
    EXPECT_EQ(cluster.max_retries, mesh::unlimited);
    EXPECT_EQ(cluster.max_requests_per_connection, 0u);  // unlimited
  }
}

TEST_F(IstioConfig, DefaultsWithoutPoliciesAreEnvoysAndIstios) {
  translate();
  EXPECT_EQ(outbound_.clusters[0].idle_timeout.count(), 3'600'000);
  EXPECT_EQ(outbound_.clusters[0].connect_timeout.count(), 10'000);
  EXPECT_EQ(outbound_.istio, "1.24");
}

TEST_F(IstioConfig, ServerSidecarFalseGivesNoInboundConfig) {
  hop_.server_sidecar = false;
  EXPECT_FALSE(translate().inbound);
}

TEST_F(IstioConfig, APolicyForAnotherHostIsAWarningAndIgnored) {
  policy("dr.yaml", R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: other, namespace: monitoring}
spec:
  host: vminsert
  trafficPolicy: {connectionPool: {http: {idleTimeout: 5s}}}
)");
  const auto configs = translate();
  ASSERT_EQ(configs.warnings.size(), 1u);
  EXPECT_THAT(configs.warnings[0], HasSubstr("dr.yaml:5:3: warning: DestinationRule other (vminsert.monitoring.svc.cluster.local) selects no host"));
  EXPECT_THAT(configs.warnings[0], HasSubstr("vminsert.monitoring.svc.cluster.local"));
  EXPECT_EQ(outbound_.clusters[0].idle_timeout.count(), 3'600'000);
}

TEST_F(IstioConfig, WildcardHostsSelectTheService) {
  EXPECT_TRUE(istio::istio_host_matches("*.default.svc.cluster.local", "vminsert.default.svc.cluster.local"));
  EXPECT_TRUE(istio::istio_host_matches("*", "vminsert.default.svc.cluster.local"));
  EXPECT_FALSE(istio::istio_host_matches("*.other.svc.cluster.local", "vminsert.default.svc.cluster.local"));
  EXPECT_EQ(istio::istio_fqdn("vminsert", "ns"), "vminsert.ns.svc.cluster.local");
}

std::string first_error(const HopSpec& hop) {
  try {
    istio::translate_istio_hop(istio_hop_inputs(hop));
  } catch (const faults::config::InvalidInput& error) {
    return error.first().to_string();
  }
  return "no error";
}

TEST_F(IstioConfig, WhatTheModelDoesNotFollowIsALocatedError) {
  virtual_service(R"(  - match: [{headers: {x: {exact: y}}}]
    route: [{destination: {host: vminsert, subset: missing}}]
)");
  EXPECT_THAT(first_error(hop_), HasSubstr("vs.yaml:7:14: field 'spec.http[0].match[0].headers': not modelled"));
  hop_.policies.clear();
  policy("dr1.yaml", dr_idle);
  policy("dr2.yaml", dr_idle);
  EXPECT_THAT(first_error(hop_), HasSubstr("dr2.yaml:2:7: field 'kind': a second DestinationRule"));
}

TEST_F(IstioConfig, ASubsetTheRuleDoesNotDefineIsAnError) {
  policy("vs.yaml", R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vminsert}
spec:
  hosts: [vminsert]
  http: [{route: [{destination: {host: vminsert, subset: v9}}]}]
)");
  EXPECT_THAT(first_error(hop_), HasSubstr("field 'destination.subset': subset \"v9\" is not defined"));
}

}  // namespace
}  // namespace rwchaos::harness
