// Keep-alive faults: idle_close fires after its idle time; close_on_reuse hits exactly the request
// that arrives on a reused connection.
#include <gtest/gtest.h>

#include "faults/ledger/connection_fault.hpp"
#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::testing {
namespace {

const std::string body = payload(2, 2);

TEST(IdleClose, ClosesAnIdleKeptAliveConnectionAfterItsIdleTime) {
  TestUpstream up("faults: [{action: idle_close, after: 300ms}]");
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(body)));
  ASSERT_EQ(client.read_response(5s), End::open);
  const auto idle_since = Clock::now();
  client.consume();
  EXPECT_EQ(client.read_to_end(5s), End::fin);
  const double fired = ms_since(idle_since);
  EXPECT_GE(fired, 290);
  EXPECT_LT(fired, 600);
  EXPECT_TRUE(eventually([&] { return up.stats()["faults_injected"].value("idle_close", 0) == 1; }));
  // When and on which connection, for the timeline: the ledger holds requests only.
  const auto faults = up.control().Get("/connection-faults");
  ASSERT_TRUE(faults);
  const auto fault = nlohmann::json::parse(faults->body).get<ConnectionFault>();
  EXPECT_EQ(fault.action, "idle_close");
  EXPECT_EQ(fault.conn, 1u);
  EXPECT_EQ(fault.requests, 1u);
  const double arrival = up.ledger_with(1)[0]["arrival_unix_ms"].get<double>();
  EXPECT_GE(fault.at_unix_ms - arrival, 290);
  EXPECT_LT(fault.at_unix_ms - arrival, 5000);
  EXPECT_EQ(up.control().Post("/reset", "", "text/plain")->status, 200);
  EXPECT_EQ(up.control().Get("/connection-faults")->body, "");
}

TEST(IdleClose, JitterStaysWithinItsBoundAndRstWorks) {
  TestUpstream up("seed: 3\nfaults: [{action: idle_close, after: 200ms, jitter: 200ms, how: rst}]");
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(body)));
  ASSERT_EQ(client.read_response(5s), End::open);
  const auto idle_since = Clock::now();
  EXPECT_EQ(client.read_to_end(5s), End::rst);
  const double fired = ms_since(idle_since);
  EXPECT_GE(fired, 190);
  EXPECT_LT(fired, 700);
}

TEST(IdleClose, AnActiveConnectionIsNotClosed) {
  TestUpstream up("faults: [{action: idle_close, after: 300ms}]");
  RawClient client(up.port());
  for (int i = 0; i < 5; ++i) {  // 5 x 150ms: busier than the idle limit
    ASSERT_TRUE(client.send(post_request(body)));
    ASSERT_EQ(client.read_response(5s), End::open) << "request " << i;
    client.consume();
    std::this_thread::sleep_for(150ms);
  }
  EXPECT_EQ(up.stats()["faults_injected"].value("idle_close", 0), 0);
}

TEST(CloseOnReuse, ClosesExactlyTheSecondRequestOnAConnection) {
  TestUpstream up("faults: [{action: close_on_reuse, how: fin}]");
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(body)));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
  client.consume();
  client.send(post_request(body));
  EXPECT_EQ(client.read_to_end(5s), End::fin);
  EXPECT_EQ(client.received, "");
  // A fresh connection is not reused, so it is served.
  RawClient fresh(up.port());
  ASSERT_TRUE(fresh.send(post_request(body)));
  ASSERT_EQ(fresh.read_response(5s), End::open);
  EXPECT_EQ(fresh.status(), 204);
  const auto records = up.ledger_with(3);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1]["fault"], "close_on_reuse");
  EXPECT_EQ(records[1]["reused"], true);
  EXPECT_EQ(records[1]["outcome"], "close_fin");
  EXPECT_EQ(records[1]["committed"], false);
  EXPECT_EQ(records[2]["fault"], "");
}

TEST(CloseOnReuse, RstAndSelectionByRequestIndex) {
  TestUpstream up("faults: [{action: close_on_reuse, how: rst, when: {requests: \"3\"}}]");
  RawClient client(up.port());
  std::vector<End> ends;
  for (int i = 0; i < 3; ++i) {
    client.send(post_request(body));
    ends.push_back(client.read_response(5s));
    client.consume();
  }
  EXPECT_EQ(ends[0], End::open);
  EXPECT_EQ(ends[1], End::open);  // reused, but not request 3
  EXPECT_EQ(ends[2], End::rst);
}

}  // namespace
}  // namespace rwchaos::faults::testing

namespace rwchaos::faults::testing {
namespace {

TEST(IdleClose, AddedByANewPlanActsOnAnAlreadyIdleConnection) {
  TestUpstream up;
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(payload(1, 1))));
  ASSERT_EQ(client.read_response(5s), End::open);
  const auto idle_since = Clock::now();
  client.consume();
  up.set_plan("faults: [{action: idle_close, after: 300ms}]");
  EXPECT_EQ(client.read_to_end(5s), End::fin);
  const double fired = ms_since(idle_since);
  EXPECT_GE(fired, 290);
  EXPECT_LT(fired, 900);  // within one re-plan period (500ms) of the limit
}

TEST(IdleClose, RemovedByANewPlanSparesAnIdleConnection) {
  TestUpstream up("faults: [{action: idle_close, after: 800ms}]");
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(payload(1, 1))));
  ASSERT_EQ(client.read_response(5s), End::open);
  client.consume();
  up.set_plan("faults: []");
  EXPECT_EQ(client.read_to_end(1500ms), End::timeout);  // still open well past 800ms
  ASSERT_TRUE(client.send(post_request(payload(1, 1))));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
}

// `when: {idle_for}` over a socket: the idle time is the upstream's, from the end of its answer to
// the next request's first bytes. Gaps of 100 ms and 600 ms around a 350 ms bound; a fresh
// connection's first request, however late, is never "idle".
TEST(CloseOnReuse, IdleForSelectsOnlyTheRequestAfterALongEnoughIdle) {
  TestUpstream up("faults: [{action: close_on_reuse, when: {idle_for: 350ms}}]");
  RawClient client(up.port());
  std::vector<End> ends;
  for (const auto gap : {0ms, 100ms, 100ms, 600ms}) {
    std::this_thread::sleep_for(gap);  // the idle time under test, not a wait for a condition
    client.send(post_request(body));
    ends.push_back(client.read_response(5s));
    client.consume();
  }
  EXPECT_EQ(ends, (std::vector<End>{End::open, End::open, End::open, End::fin}));
  std::this_thread::sleep_for(600ms);
  RawClient fresh(up.port());
  ASSERT_TRUE(fresh.send(post_request(body)));
  EXPECT_EQ(fresh.read_response(5s), End::open);
  EXPECT_EQ(fresh.status(), 204);
  const auto records = up.ledger_with(5);
  ASSERT_EQ(records.size(), 5u);
  for (std::size_t i = 0; i < records.size(); ++i)
    EXPECT_EQ(records[i]["fault"], i == 3 ? "close_on_reuse" : "") << "request " << i + 1;
}

}  // namespace
}  // namespace rwchaos::faults::testing
