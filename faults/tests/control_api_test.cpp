// The control API of docs/internals.md: plan get/put (bad plan -> 400 naming line and field, old
// plan kept), ledger, stats, metrics, reset, bearer token, loopback-only without a token.
#include <gtest/gtest.h>

#include "faults/control/control_api.hpp"
#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::testing {
namespace {

TEST(ControlApi, HealthzAndPlanRoundTrip) {
  TestUpstream up("seed: 42\nfaults:\n  - {action: respond, status: 503, body: envoy-uc, when: {requests: \"3-5\"}}\n");
  auto health = up.control().Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok");
  auto plan = up.control().Get("/plan");
  EXPECT_NE(plan->body.find("seed: 42"), std::string::npos);
  EXPECT_NE(plan->body.find("envoy-uc"), std::string::npos);
  // What GET /plan serves is itself a valid plan.
  auto put = up.control().Put("/plan", plan->body, "application/yaml");
  EXPECT_EQ(put->status, 200);
  EXPECT_EQ(put->body, "{\"faults\":1}\n");
}

TEST(ControlApi, BadPlanIs400WithLineAndFieldAndKeepsTheRunningPlan) {
  TestUpstream up("faults: [{action: respond, status: 418}]");
  auto res = up.control().Put("/plan", "faults:\n  - {action: respond, when: {requests: \"x\"}}\n", "application/yaml");
  ASSERT_EQ(res->status, 400);
  const auto error = nlohmann::json::parse(res->body)["error"].get<std::string>();
  EXPECT_EQ(error.rfind("plan:2:", 0), 0u) << error;
  EXPECT_NE(error.find("field 'faults[0].when.requests'"), std::string::npos) << error;
  RawClient client(up.port());
  client.send(post_request(payload(1, 1)));
  client.read_response(5s);
  EXPECT_EQ(client.status(), 418);
}

TEST(ControlApi, OversizePlanIs413AndKeepsTheRunningPlan) {
  TestUpstream up("faults: [{action: respond, status: 418}]");
  const std::string huge = "faults: []\n#" + std::string(control::max_control_body_bytes, 'x') + "\n";
  auto res = up.control().Put("/plan", huge, "application/yaml");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  RawClient client(up.port());
  client.send(post_request(payload(1, 1)));
  client.read_response(5s);
  EXPECT_EQ(client.status(), 418);
}

TEST(ControlApi, StatsMetricsAndReset) {
  TestUpstream up("faults: [{action: respond, status: 503, when: {requests: \"1\"}}]");
  RawClient client(up.port());
  for (int i = 0; i < 2; ++i) {
    client.send(post_request(payload(2, 2)));
    client.read_response(5s);
    client.consume();
  }
  ASSERT_EQ(up.ledger_with(2).size(), 2u);
  const auto stats = up.stats();
  EXPECT_EQ(stats["requests"], 2);
  EXPECT_EQ(stats["connections"], 1);
  EXPECT_EQ(stats["open_connections"], 1);
  EXPECT_EQ(stats["reused_requests"], 1);
  EXPECT_EQ(stats["samples"], 8);
  EXPECT_EQ(stats["committed_samples"], 4);
  EXPECT_EQ(stats["faults_injected"]["respond"], 1);
  EXPECT_EQ(stats["outcomes"]["response"], 2);
  EXPECT_GT(stats["bytes"].get<int>(), 0);

  auto metrics = up.control().Get("/metrics");
  EXPECT_NE(metrics->body.find("rwchaos_upstream_requests_total{fault=\"respond\",outcome=\"response\"} 1\n"), std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("rwchaos_upstream_open_connections 1\n"), std::string::npos);
  EXPECT_NE(metrics->body.find("# TYPE rwchaos_upstream_samples_total counter"), std::string::npos);

  auto reset = up.control().Post("/reset", "", "text/plain");
  EXPECT_EQ(reset->status, 200);
  EXPECT_EQ(up.ledger().size(), 0u);
  EXPECT_EQ(up.stats()["requests"], 0);
  EXPECT_EQ(up.control().Get("/export")->body, "");
  EXPECT_EQ(up.control().Get("/plan")->body, "seed: 0\nfaults: []\n");
  client.send(post_request(payload(1, 1)));
  client.read_response(5s);
  EXPECT_EQ(client.status(), 204);
  EXPECT_EQ(up.ledger_with(1)[0]["id"], 1);  // ids restart after a reset
}

TEST(ControlApi, TokenIsRequiredWhenGiven) {
  UpstreamOptions options;
  options.control_token = "s3cret";
  TestUpstream up(options);
  auto anonymous = up.control().Get("/stats");
  EXPECT_EQ(anonymous->status, 401);
  auto wrong = up.control().Get("/stats", {{"Authorization", "Bearer nope"}});
  EXPECT_EQ(wrong->status, 401);
  auto right = up.control().Get("/stats", {{"Authorization", "Bearer s3cret"}});
  EXPECT_EQ(right->status, 200);
}

TEST(ControlApi, NonLoopbackControlNeedsAToken) {
  UpstreamOptions options;
  options.control = "0.0.0.0:0";
  EXPECT_THROW(Upstream{options}, std::invalid_argument);
}

TEST(ControlApi, BadPlanFileFailsStartupNamingTheFile) {
  const std::string path = ::testing::TempDir() + "/bad_plan_test.yaml";
  std::ofstream(path) << "seed: 1\nfaults:\n  - {action: nope}\n";
  UpstreamOptions options;
  options.plan_file = path;
  try {
    Upstream up(options);
    FAIL() << "bad plan accepted";
  } catch (const config::InvalidInput& e) {
    EXPECT_EQ(e.first().file, path);
    EXPECT_EQ(e.first().line, 3);
    EXPECT_EQ(e.first().field, "faults[0].action");
  }
}

}  // namespace
}  // namespace rwchaos::faults::testing
