// The haproxy hop's generated config (checked by haproxy itself) and the upstream child process.
#include <gtest/gtest.h>

#include "harness/clients/binaries.hpp"
#include "harness/env/haproxy_hop.hpp"
#include "harness/env/upstream_process.hpp"
#include "harness/process/http_client.hpp"
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness {
namespace {

TEST(HaproxyConfig, PoolsServerConnectionsAndRetriesOnlyWhenAsked) {
  HopSpec hop;
  hop.kind = "haproxy";
  const std::string plain = haproxy_config(hop, 18080, "127.0.0.1:19090");
  EXPECT_NE(plain.find("http-reuse always"), std::string::npos);
  EXPECT_NE(plain.find("retries 0"), std::string::npos);
  EXPECT_EQ(plain.find("retry-on"), std::string::npos);
  EXPECT_NE(plain.find("bind 127.0.0.1:18080"), std::string::npos);
  EXPECT_NE(plain.find("server upstream 127.0.0.1:19090"), std::string::npos);
  hop.retries = 2;
  hop.server_keepalive = Duration(1500);
  const std::string retrying = haproxy_config(hop, 18080, "127.0.0.1:19090");
  EXPECT_NE(retrying.find("retries 2"), std::string::npos);
  EXPECT_NE(retrying.find("retry-on conn-failure empty-response"), std::string::npos);
  EXPECT_NE(retrying.find("pool-purge-delay 1500ms"), std::string::npos);
}

TEST(HaproxyConfig, HaproxyAcceptsTheGeneratedConfig) {
  RWCHAOS_REQUIRE_PROGRAMS("haproxy");
  e2e::WorkDir work("haproxy-check");
  HopSpec hop;
  hop.kind = "haproxy";
  hop.retries = 1;
  hop.server_keepalive = Duration(2000);
  std::ofstream(work.path() / "haproxy.cfg") << haproxy_config(hop, 18080, "127.0.0.1:19090");
  auto check = ChildProcess::start({"haproxy-check",
                                    {find_program("haproxy").path.string(), "-c", "-f", (work.path() / "haproxy.cfg").string()},
                                    work.path() / "check.log", {}, {}});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (check->running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(check->exit_status(), 0) << check->log_tail();
}

TEST(UpstreamProcess, StartsFromItsReadyFileAndRejectsABadPlanKeepingTheOldOne) {
  e2e::WorkDir work("upstream");
  auto upstream = UpstreamProcess::start({RWCHAOS_BINARY, "", work.path(), work.path() / "upstream.log", {}});
  EXPECT_NE(upstream->listen_url().find("http://127.0.0.1:"), std::string::npos);
  upstream->set_plan("seed: 1\nfaults: [{action: respond, status: 503}]\n");
  try {
    upstream->set_plan("seed: 1\nfaults: [{action: no_such_action}]\n");
    FAIL() << "a bad plan was accepted";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("400"), std::string::npos) << error.what();
  }
  const HttpAnswer plan = http_get(upstream->control_url() + "/plan");
  EXPECT_NE(plan.body.find("503"), std::string::npos) << plan.body;
  EXPECT_EQ(upstream->stats().value("requests", -1), 0);
  EXPECT_TRUE(upstream->ledger().empty());
  EXPECT_EQ(upstream->process().stop(), 0);
}

}  // namespace
}  // namespace rwchaos::harness
