// The sidecar's upstream connection pool, rows P1-P5, P8, P11, P13 of docs/envoy-semantics.md §7:
// which connection a request gets, when a pooled connection is closed or dropped. The upstream's
// ledger says which connection (`conn`, numbered by the upstream in accept order) carried each request.
#include "harness/tests/mesh_support.hpp"

namespace rwchaos::harness::mesh_test {
namespace {

std::vector<std::uint64_t> conns(const std::vector<faults::LedgerRecord>& records) {
  std::vector<std::uint64_t> out;
  for (const auto& r : records) out.push_back(r.conn);
  return out;
}

TEST(SidecarPool, AllDownstreamConnectionsShareOnePool) {
  Hop hop("pool-share", "");
  EXPECT_EQ(status_of(hop.post(one_sample_body)), 204);
  EXPECT_EQ(status_of(hop.post(one_sample_body)), 204);  // another client connection
  const auto records = hop.ledger(2);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(conns(records), (std::vector<std::uint64_t>{1, 1}));
  EXPECT_TRUE(records[1].reused);
  EXPECT_EQ(hop.sidecar().stats()["upstream_cx_total"], 1);
}

// Two connections become idle one after the other; the next request takes the one released last.
// Run both ways round, so a pool that always picks the oldest (or the newest) fails one of them.
void expect_most_recently_released_first(bool first_answered_first) {
  // Upstream requests 1 and 2 arrive on connections 1 and 2; their delays decide which ends first.
  const std::string plan = first_answered_first ? "faults: [{action: latency, delay: 150ms, when: {requests: \"1\"}},"
                                                  " {action: latency, delay: 450ms, when: {requests: \"2\"}}]"
                                                : "faults: [{action: latency, delay: 450ms, when: {requests: \"1\"}},"
                                                  " {action: latency, delay: 150ms, when: {requests: \"2\"}}]";
  Hop hop(first_answered_first ? "pool-lifo-a" : "pool-lifo-b", plan);
  RawClient a = hop.client();
  RawClient b = hop.client();
  ASSERT_TRUE(a.send(post_request(one_sample_body)));
  ASSERT_TRUE(eventually([&] { return hop.upstream().ledger().size() == 1; }));  // request 1 is in, on connection 1
  ASSERT_TRUE(b.send(post_request(one_sample_body)));
  ASSERT_EQ(a.read_response(5s), End::open);
  ASSERT_EQ(b.read_response(5s), End::open);
  ASSERT_EQ(hop.wait_stat("upstream_cx_idle", 2), 2u);
  EXPECT_EQ(status_of(hop.post(one_sample_body)), 204);
  const auto records = hop.ledger(3);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].conn, 1u);
  EXPECT_EQ(records[1].conn, 2u);
  EXPECT_EQ(records[2].conn, first_answered_first ? 2u : 1u) << "the next request must take the connection released last";
}

TEST(SidecarPool, ReusesMostRecentlyReleasedConnection) {
  expect_most_recently_released_first(true);
  expect_most_recently_released_first(false);
}

TEST(SidecarPool, PendingRequestsAreServedInArrivalOrder) {
  // One connection at most: requests to /b and then /c wait while /a holds it.
  Hop hop("pool-fifo", "faults: [{action: latency, delay: 300ms, when: {requests: \"1\"}}]",
          {{"clusters", {{{"name", "outbound|8480||vminsert"}, {"max_connections", 1}}}}});
  RawClient a = hop.client(), b = hop.client(), c = hop.client();
  ASSERT_TRUE(a.send(post_request(one_sample_body, true, "/a")));
  ASSERT_TRUE(eventually([&] { return hop.upstream().ledger().size() == 1; }));
  ASSERT_TRUE(b.send(post_request(one_sample_body, true, "/b")));
  ASSERT_TRUE(eventually([&] { return hop.sidecar().stats()["upstream_cx_overflow"] >= 1; }));
  ASSERT_TRUE(c.send(post_request(one_sample_body, true, "/c")));
  ASSERT_TRUE(eventually([&] { return hop.sidecar().stats()["upstream_cx_overflow"] >= 2; }));
  for (RawClient* client : {&a, &b, &c}) {
    ASSERT_EQ(client->read_response(5s), End::open);
    EXPECT_EQ(client->status(), 204);
  }
  const auto records = hop.ledger(3);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].path, "/a");
  EXPECT_EQ(records[1].path, "/b");
  EXPECT_EQ(records[2].path, "/c");
  EXPECT_EQ(conns(records), (std::vector<std::uint64_t>{1, 1, 1}));
}

TEST(SidecarPool, ClosesConnectionIdleForIdleTimeout) {
  Hop hop("pool-idle", "", {{"clusters", {{{"name", "c"}, {"idle_timeout_ms", 400}}}}});
  EXPECT_EQ(status_of(hop.post(one_sample_body)), 204);
  const auto idle_since = Clock::now();
  // Polled from the answer on: the first poll that sees it closed bounds the close from both sides.
  ASSERT_TRUE(eventually([&] { return hop.upstream().stats().value("open_connections", -1) == 0; }, 2s));
  const double closed_after = ms_since(idle_since);
  EXPECT_GE(closed_after, 390);
  EXPECT_LT(closed_after, 900);
  EXPECT_EQ(hop.sidecar().stats()["upstream_cx_idle_timeout"], 1);
  EXPECT_EQ(status_of(hop.post(one_sample_body)), 204);
  EXPECT_EQ(conns(hop.ledger(2)), (std::vector<std::uint64_t>{1, 2}));
}

TEST(SidecarPool, ClosesConnectionAfterMaxRequests) {
  Hop hop("pool-max-requests", "", {{"clusters", {{{"name", "c"}, {"max_requests_per_connection", 2}}}}});
  RawClient client = hop.client();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.send(post_request(one_sample_body)));
    ASSERT_EQ(client.read_response(5s), End::open);
    EXPECT_EQ(client.status(), 204);
    client.consume();
  }
  EXPECT_EQ(conns(hop.ledger(3)), (std::vector<std::uint64_t>{1, 1, 2}));
  EXPECT_EQ(hop.sidecar().stats()["upstream_cx_max_requests"], 1);
}

TEST(SidecarPool, WaitsForAConnectionAtMaxConnections) {
  Hop hop("pool-max-connections", "faults: [{action: latency, delay: 300ms, when: {requests: \"1\"}}]",
          {{"clusters", {{{"name", "c"}, {"max_connections", 1}}}}});
  RawClient a = hop.client(), b = hop.client();
  ASSERT_TRUE(a.send(post_request(one_sample_body)));
  ASSERT_TRUE(eventually([&] { return hop.upstream().ledger().size() == 1; }));
  const auto b_sent = Clock::now();
  ASSERT_TRUE(b.send(post_request(one_sample_body)));
  ASSERT_EQ(b.read_response(5s), End::open);
  EXPECT_EQ(b.status(), 204);
  EXPECT_GE(ms_since(b_sent), 150) << "B was answered before A released the only connection";
  ASSERT_EQ(a.read_response(5s), End::open);
  EXPECT_EQ(conns(hop.ledger(2)), (std::vector<std::uint64_t>{1, 1}));
  const auto stats = hop.sidecar().stats();
  EXPECT_EQ(stats["upstream_cx_total"], 1);
  EXPECT_GE(stats["upstream_cx_overflow"], 1);
}

TEST(SidecarPool, DropsIdleConnectionOnUpstreamFin) {
  // The upstream closes a kept-alive connection after 200 ms idle; the sidecar must notice while
  // the connection sits in its pool, so the next request opens a new one instead of meeting the close.
  Hop hop("pool-fin", "faults: [{action: idle_close, after: 200ms}]");
  EXPECT_EQ(status_of(hop.post(one_sample_body)), 204);
  ASSERT_EQ(hop.wait_stat("upstream_cx_destroy_remote", 1), 1u);
  EXPECT_EQ(hop.sidecar().stats()["upstream_cx_idle"], 0);
  const std::string second = hop.post(one_sample_body);
  EXPECT_EQ(status_of(second), 204) << second;
  EXPECT_EQ(conns(hop.ledger(2)), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(hop.log_lines(2).size(), 2u);  // a dropped idle connection logs nothing
}

TEST(SidecarPool, HonoursConnectionCloseFromUpstream) {
  // The upstream says `connection: close` but keeps the connection open: only the sidecar can close it.
  Hop hop("pool-connection-close",
          "faults: [{action: respond, status: 204, headers: {connection: close}, when: {requests: \"1\"}}]");
  EXPECT_EQ(status_of(hop.post(one_sample_body)), 204);
  ASSERT_TRUE(eventually([&] { return hop.upstream().stats().value("open_connections", -1) == 0; }));
  EXPECT_EQ(status_of(hop.post(one_sample_body)), 204);
  EXPECT_EQ(conns(hop.ledger(2)), (std::vector<std::uint64_t>{1, 2}));
}

}  // namespace
}  // namespace rwchaos::harness::mesh_test
