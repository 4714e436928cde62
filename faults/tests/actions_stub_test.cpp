// Each catalogue action through the engine with a stub connection: the verbs it uses, in order, the
// bytes it sends and the record it leaves, with no socket and no waiting (wire_actions_test.cpp
// shows the same actions on real sockets).
#include <gtest/gtest.h>

#include "faults/ledger/connection_fault.hpp"
#include "faults/tests/stub_connection.hpp"
#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::testing {
namespace {

using Verbs = std::vector<std::string>;

const std::string body = payload(2, 3);

TEST(StubNoFault, Answers204AndCommitsAndRecordsFirst) {
  StubUpstream up;
  StubConnection conn;
  const engine::Served served = up.serve(conn, stub_request(body));
  EXPECT_TRUE(served.keep_alive);
  EXPECT_EQ(served.request_id, 1u);
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "send"}));
  EXPECT_EQ(conn.sent().rfind("HTTP/1.1 204 No Content\r\n", 0), 0u) << conn.sent();
  const LedgerRecord record = up.record();
  EXPECT_EQ(record.outcome, Outcome::response);
  EXPECT_EQ(record.status, 204);
  EXPECT_TRUE(record.committed);
  EXPECT_EQ(record.samples, 6u);
  EXPECT_EQ(record.fault, "");
  EXPECT_EQ(up.book.unique_samples(), 6u);
  EXPECT_EQ(up.stats.to_json()["requests"], 1);
}

TEST(StubRespond, SendsTheStatusAndKeepsTheConnectionAsTheRequestAllows) {
  StubUpstream up("faults: [{action: respond, status: 429, body: slow down, retry_after: 2s}]");
  StubConnection conn;
  EXPECT_FALSE(up.serve(conn, stub_request(body, /*keep_alive=*/false)).keep_alive);
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "send"}));
  const std::string sent = conn.sent();
  EXPECT_EQ(sent.rfind("HTTP/1.1 429 Too Many Requests\r\n", 0), 0u) << sent;
  EXPECT_NE(sent.find("retry-after: 2\r\n"), std::string::npos) << sent;
  EXPECT_NE(sent.find("connection: close\r\n"), std::string::npos) << sent;
  EXPECT_EQ(sent.substr(sent.size() - 9), "slow down");
  const LedgerRecord record = up.record();
  EXPECT_EQ(record.fault, "respond");
  EXPECT_EQ(record.status, 429);
  EXPECT_FALSE(record.committed);  // a 4xx does not commit unless told to
}

TEST(StubRespond, APeerGoneMidAnswerEndsTheConnectionWithTheRecordAlreadyWritten) {
  StubUpstream up("faults: [{action: respond, status: 503}]");
  StubConnection conn;
  conn.send_fails = true;
  EXPECT_FALSE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(up.record().status, 503);
}

TEST(StubCloseBeforeHeaders, ClosesWithNoResponseByteAfterTheWholeRequest) {
  StubUpstream up("faults: [{action: close_before_headers, how: rst, commit: true}]");
  StubConnection conn;
  EXPECT_FALSE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "close rst"}));
  const LedgerRecord record = up.record();
  EXPECT_EQ(record.outcome, Outcome::close_rst);
  EXPECT_EQ(record.status, 0);
  EXPECT_TRUE(record.committed);  // stored, yet the client sees a failure
}

TEST(StubCloseBeforeHeaders, AfterBytesCutsBeforeTheRequestIsParsed) {
  StubUpstream up("faults: [{action: close_before_headers, after_bytes: 10}]");
  StubConnection conn;
  EXPECT_FALSE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(conn.verbs, (Verbs{"read_prefix 10", "close fin"}));
  const LedgerRecord record = up.record();
  EXPECT_EQ(record.outcome, Outcome::close_fin);
  EXPECT_EQ(record.fault, "close_before_headers");
  EXPECT_EQ(record.samples, 0u);
}

TEST(StubHalfClose, ShutsTheWriteSideThenHolds) {
  StubUpstream up("faults: [{action: half_close, hold: 5s}]");
  StubConnection conn;
  EXPECT_FALSE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "half_close", "hold 5000"}));
  EXPECT_EQ(up.record().outcome, Outcome::half_close);
}

TEST(StubHalfClose, ThenCloseDoesNotHold) {
  StubUpstream up("faults: [{action: half_close, then: close}]");
  StubConnection conn;
  EXPECT_FALSE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "half_close"}));
}

TEST(StubSlowHeaders, WaitsFromTheRequestsLastByteThenAnswers) {
  StubUpstream up("faults: [{action: slow_headers, delay: 1500ms, status: 200}]");
  StubConnection conn;
  EXPECT_TRUE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "wait", "send"}));
  ASSERT_EQ(conn.waits.size(), 1u);
  EXPECT_EQ(conn.waits[0], stub_last_byte + Millis(1500));
  const LedgerRecord record = up.record();
  EXPECT_EQ(record.status, 200);
  EXPECT_TRUE(record.committed);  // committed within the delay, before the answer
}

TEST(StubSlowHeaders, AClientGoneDuringTheWaitIsRecordedAsClientClosed) {
  StubUpstream up("faults: [{action: slow_headers, delay: 5s}]");
  StubConnection conn;
  conn.peer_stays = false;
  EXPECT_FALSE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "wait"}));
  const LedgerRecord record = up.record();
  EXPECT_EQ(record.outcome, Outcome::client_closed);
  EXPECT_EQ(record.status, 0);
  EXPECT_TRUE(record.committed);
}

TEST(StubTrickleBody, SendsTheHeadThenOneChunkAfterEachInterval) {
  StubUpstream up("faults: [{action: trickle_body, size: 10, chunk: 4, interval: 30ms}]");
  StubConnection conn;
  EXPECT_TRUE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "send", "sleep 30", "send", "sleep 30", "send", "sleep 30", "send"}));
  ASSERT_EQ(conn.sends.size(), 4u);
  EXPECT_EQ(conn.sends[1], "xxxx");
  EXPECT_EQ(conn.sends[3], "xx");
  EXPECT_NE(conn.sends[0].find("content-length: 10\r\n"), std::string::npos) << conn.sends[0];
}

TEST(StubTruncateResponse, SendsExactlyTheFirstBytesThenCloses) {
  StubUpstream up("faults: [{action: truncate_response, bytes: 20, how: rst}]");
  StubConnection conn;
  EXPECT_FALSE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "send", "close rst"}));
  EXPECT_EQ(conn.sent(), std::string("HTTP/1.1 200 OK\r\ncon"));
  const LedgerRecord record = up.record();
  EXPECT_EQ(record.outcome, Outcome::truncated);
  EXPECT_EQ(record.status, 200);  // the whole status line was among the bytes
}

TEST(StubTruncateResponse, NothingIsLeftToCutWhenThePeerIsAlreadyGone) {
  StubUpstream up("faults: [{action: truncate_response, bytes: 5}]");
  StubConnection conn;
  conn.send_fails = true;
  EXPECT_FALSE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "send"}));
  EXPECT_EQ(up.record().status, 0);  // 5 bytes hold no whole status line
}

TEST(StubBlackhole, NeverSendsAndHolds) {
  StubUpstream up("faults: [{action: blackhole, hold: 2s}]");
  StubConnection conn;
  EXPECT_FALSE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "hold 2000"}));
  EXPECT_EQ(up.record().outcome, Outcome::no_answer);
}

TEST(StubRefuse, ResetsTheNewConnectionBeforeReadingAndLeavesNoRecord) {
  StubUpstream up("faults: [{action: refuse}]");
  auto conn = std::make_shared<StubConnection>();
  conn->incoming.push_back(stub_request(body));
  run_to_end(engine::serve_connection(conn, up.context));
  EXPECT_EQ(conn->verbs, (Verbs{"close rst"}));
  EXPECT_TRUE(up.ledger.records().empty());
  EXPECT_EQ(up.stats.to_json()["faults_injected"]["refuse"], 1);
  // The ledger cannot show it; GET /connection-faults does, with the connection and no request.
  const auto fault = nlohmann::json::parse(up.stats.connection_faults_jsonl()).get<ConnectionFault>();
  EXPECT_EQ(fault.action, "refuse");
  EXPECT_EQ(fault.conn, conn->id());
  EXPECT_EQ(fault.requests, 0u);
  EXPECT_GT(fault.at_unix_ms, 0);
}

TEST(StubIdleClose, ClosesAsToldAfterItsLimit) {
  const auto plan = catalogue::parse_plan("faults: [{action: idle_close, after: 2s, jitter: 1s, how: rst}]", "plan");
  const auto& idle = *std::get<std::shared_ptr<const engine::IdleAction>>(plan.faults[0].impl);
  EXPECT_EQ(idle.idle_limit(0.0), Millis(2000));
  EXPECT_EQ(idle.idle_limit(0.5), Millis(2500));
  StubConnection conn;
  run_to_end(idle.act(conn));
  EXPECT_EQ(conn.verbs, (Verbs{"close rst"}));
}

TEST(StubCloseOnReuse, ClosesAReusedConnectionAsItsNextRequestArrives) {
  StubUpstream up("faults: [{action: close_on_reuse}]");
  StubConnection conn;
  conn.begun = 1;  // one request served on it before
  EXPECT_FALSE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(conn.verbs, (Verbs{"close fin"}));
  const LedgerRecord record = up.record();
  EXPECT_EQ(record.outcome, Outcome::close_fin);
  EXPECT_TRUE(record.reused);
  EXPECT_EQ(record.conn_index, 2u);
}

// `when.idle_for` selects a request whose connection idled at least that long: the bound is
// inclusive, and a connection's first request (no idle time) is never selected.
TEST(StubWhenIdleFor, SelectsExactlyTheRequestsAfterTheIdleTime) {
  StubUpstream up("faults: [{action: close_on_reuse, when: {idle_for: 2s}}]");
  const auto served = [&](std::optional<Millis> idle) {
    StubConnection conn;
    conn.begun = idle ? 1 : 0;
    return up.serve(conn, stub_request(body), idle).keep_alive;
  };
  EXPECT_TRUE(served(std::nullopt));
  EXPECT_TRUE(served(Millis(1999)));
  EXPECT_FALSE(served(Millis(2000)));
  EXPECT_FALSE(served(Millis(60'000)));
  const auto records = up.ledger.records();
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].fault, "");
  EXPECT_EQ(records[1].fault, "");
  EXPECT_EQ(records[2].fault, "close_on_reuse");
  EXPECT_EQ(records[3].outcome, Outcome::close_fin);
}

TEST(StubLatency, DelaysTheAnswerFromTheRequestsLastByte) {
  StubUpstream up("faults: [{action: latency, delay: 250ms}]");
  StubConnection conn;
  EXPECT_TRUE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "wait", "send"}));
  EXPECT_EQ(conn.waits.at(0), stub_last_byte + Millis(250));
  const LedgerRecord record = up.record();
  EXPECT_EQ(record.fault, "latency");
  EXPECT_EQ(record.status, 204);
}

TEST(StubLatency, AClientGoneDuringTheLatencyIsNeitherCommittedNorAnswered) {
  StubUpstream up("faults: [{action: latency, delay: 1s}, {action: respond, status: 200}]");
  StubConnection conn;
  conn.peer_stays = false;
  EXPECT_FALSE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "wait"}));
  const LedgerRecord record = up.record();
  EXPECT_EQ(record.outcome, Outcome::client_closed);
  EXPECT_FALSE(record.committed);
  EXPECT_EQ(record.fault, "latency");  // respond never got to act
}

}  // namespace
}  // namespace rwchaos::faults::testing
