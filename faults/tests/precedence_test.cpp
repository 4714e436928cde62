// docs/faults.md "Precedence", rule by rule, through the engine with a stub connection: which fault
// acts when several match, how delays add, what a refused commit does, and that a pool job that
// throws ends as a 500 with a record rather than ending the process.
#include <gtest/gtest.h>

#include <set>

#include "faults/engine/choose.hpp"
#include "faults/tests/stub_connection.hpp"
#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::testing {
namespace {

using Verbs = std::vector<std::string>;

const std::string body = payload(2, 3);

TEST(Precedence, ArrivalFaultsActBeforeAnyAnswerFault) {
  // respond is listed first, but close_on_reuse acts on the first bytes, before the request is read.
  StubUpstream up("faults: [{action: respond, status: 503}, {action: close_on_reuse, how: rst}]");
  StubConnection conn;
  conn.begun = 1;
  up.serve(conn, stub_request(body));
  EXPECT_EQ(conn.verbs, (Verbs{"close rst"}));
  EXPECT_EQ(up.record().fault, "close_on_reuse");
}

TEST(Precedence, ReusedOnlyFaultsLeaveAConnectionsFirstRequestAlone) {
  StubUpstream up("faults: [{action: close_on_reuse}, {action: respond, status: 503}]");
  StubConnection conn;
  up.serve(conn, stub_request(body));
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "send"}));
  EXPECT_EQ(up.record().status, 503);
}

TEST(Precedence, AfterBytesReadsThatMuchThenCutsEvenWhenFewerCame) {
  StubUpstream up("faults: [{action: close_before_headers, after_bytes: 64, how: rst}, {action: respond}]");
  StubConnection conn;
  conn.prefix_bytes = 12;  // the peer stopped sending early
  up.serve(conn, stub_request(body));
  EXPECT_EQ(conn.verbs, (Verbs{"read_prefix 64", "close rst"}));
  EXPECT_EQ(up.record().outcome, Outcome::close_rst);
}

TEST(Precedence, LatenciesAddUpAndTheAnswerFollowsThem) {
  StubUpstream up(R"(faults:
  - {action: latency, delay: 100ms}
  - {action: respond, status: 500}
  - {action: latency, delay: 250ms}
  - {action: latency, delay: 1s, when: {path: /other}})");
  StubConnection conn;
  up.serve(conn, stub_request(body));
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "wait", "send"}));
  EXPECT_EQ(conn.waits.at(0), stub_last_byte + Millis(350));
  EXPECT_EQ(up.record().fault, "latency+latency+respond");
  EXPECT_EQ(up.record().status, 500);
}

TEST(Precedence, AnActionsOwnDelayCountsFromTheEndOfTheLatency) {
  StubUpstream up("faults: [{action: latency, delay: 200ms}, {action: slow_headers, delay: 300ms}]");
  StubConnection conn;
  up.serve(conn, stub_request(body));
  ASSERT_EQ(conn.waits.size(), 2u);
  EXPECT_EQ(conn.waits[0], stub_last_byte + Millis(200));
  EXPECT_EQ(conn.waits[1], stub_last_byte + Millis(500));
}

TEST(Precedence, TheFirstMatchingAnswerFaultInListOrderDecides) {
  StubUpstream up(R"(faults:
  - {action: respond, status: 500, when: {requests: "2-"}}
  - {action: respond, status: 429}
  - {action: respond, status: 503})");
  std::vector<int> statuses;
  for (int i = 0; i < 3; ++i) {
    StubConnection conn(static_cast<std::uint64_t>(i + 1));
    up.serve(conn, stub_request(body));
    statuses.push_back(std::stoi(conn.sent().substr(9, 3)));
  }
  EXPECT_EQ(statuses, (std::vector<int>{429, 500, 500}));
}

TEST(Precedence, RefuseCountsConnectionsNotRequests) {
  StubUpstream up("faults: [{action: refuse, when: {requests: \"2\"}}]");
  for (std::uint64_t id : {1, 2, 3}) {
    auto conn = std::make_shared<StubConnection>(id);
    conn->incoming.push_back(stub_request(body));
    run_to_end(engine::serve_connection(conn, up.context));
    EXPECT_EQ(conn->verbs.front(), id == 2 ? "close rst" : "read_request") << "connection " << id;
  }
  EXPECT_EQ(up.ledger.records().size(), 2u);  // connections 1 and 3 each sent one request
}

TEST(Precedence, StorageRefusingACommitTurnsA2xxAnswerInto503) {
  const RefusingStorage storage;
  StubUpstream up("faults: [{action: slow_headers, delay: 1s, status: 200}]", &storage);
  StubConnection conn;
  EXPECT_TRUE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "send"}));  // slow_headers never waited: it did not act
  EXPECT_EQ(conn.sent().rfind("HTTP/1.1 503 ", 0), 0u) << conn.sent();
  EXPECT_NE(conn.sent().find("disk full"), std::string::npos);
  const LedgerRecord record = up.record();
  EXPECT_FALSE(record.committed);
  EXPECT_EQ(record.commit_error, "storage answered 500: disk full");
  EXPECT_EQ(record.fault, "");
  EXPECT_EQ(record.status, 503);
}

TEST(Precedence, StorageRefusingACommitWithNoFaultIs503Too) {
  const RefusingStorage storage;
  StubUpstream up("", &storage);
  StubConnection conn;
  up.serve(conn, stub_request(body));
  EXPECT_EQ(up.record().status, 503);
  EXPECT_FALSE(up.record().committed);
}

TEST(Precedence, StorageRefusingACommitLetsANon2xxAnswerGoAheadAsPlanned) {
  const RefusingStorage storage;
  StubUpstream up("faults: [{action: respond, status: 500, commit: true}]", &storage);
  StubConnection conn;
  up.serve(conn, stub_request(body));
  const LedgerRecord record = up.record();
  EXPECT_EQ(record.status, 500);
  EXPECT_EQ(record.fault, "respond");
  EXPECT_EQ(record.commit_error, "storage answered 500: disk full");
}

TEST(Precedence, TheIdleLimitIsAfterPlusASeededJitterDraw) {
  const auto plan = catalogue::parse_plan(R"(seed: 7
faults:
  - {action: respond, status: 503}
  - {action: idle_close, after: 1s, jitter: 400ms, when: {requests: "2-"}})",
                                          "plan");
  // The draw is keyed by seed, the fault's index and (connection id << 20) ^ requests on it.
  const auto limit = [&](std::uint64_t conn, std::uint64_t last_request, std::uint64_t requests) {
    const Facts facts{.request_id = last_request, .connection_id = conn};
    return engine::idle_limit(plan, facts, requests);
  };
  EXPECT_FALSE(limit(1, 1, 1).match);  // `when` holds from request 2 on
  const engine::IdleLimit first = limit(1, 2, 2);
  ASSERT_TRUE(first.match);
  EXPECT_EQ(first.match.index, 1u);
  const double draw = seeded_draw(7, 1, (std::uint64_t{1} << 20) ^ 2);
  EXPECT_EQ(first.limit, Millis(1000) + Millis(static_cast<Millis::rep>(draw * 400)));
  EXPECT_EQ(limit(1, 2, 2).limit, first.limit);  // the same run draws the same
  std::set<Millis::rep> limits;
  for (std::uint64_t conn = 1; conn <= 50; ++conn) {
    const auto drawn = limit(conn, 2, 2).limit;
    EXPECT_GE(drawn, Millis(1000));
    EXPECT_LT(drawn, Millis(1400));
    limits.insert(drawn.count());
  }
  EXPECT_GT(limits.size(), 20u);  // connections draw apart
}

TEST(OffloadGuard, AJobThatThrowsIsAnswered500AndRecordedAndTheUpstreamGoesOn) {
  const ThrowingStorage storage;
  StubUpstream up("", &storage);  // no delay: the commit runs in the decode job
  StubConnection conn;
  EXPECT_FALSE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(conn.sent().rfind("HTTP/1.1 500 Internal Server Error\r\n", 0), 0u) << conn.sent();
  const LedgerRecord record = up.record();
  EXPECT_EQ(record.status, 500);
  EXPECT_EQ(record.error, "internal error: forwarder bug");
  EXPECT_FALSE(record.committed);

  // The pool thread survived: the next request is decoded on it.
  StubConnection next(2);
  up.serve(next, stub_request("not snappy"));
  EXPECT_EQ(next.sent().rfind("HTTP/1.1 400 ", 0), 0u) << next.sent();
}

TEST(OffloadGuard, ACommitJobOfItsOwnThatThrowsIsAnswered500Too) {
  const ThrowingStorage storage;
  StubUpstream up("faults: [{action: latency, delay: 10ms}]", &storage);  // commit after the delay, its own job
  StubConnection conn;
  EXPECT_FALSE(up.serve(conn, stub_request(body)).keep_alive);
  EXPECT_EQ(conn.verbs, (Verbs{"read_request", "wait", "send"}));
  const LedgerRecord record = up.record();
  EXPECT_EQ(record.status, 500);
  EXPECT_EQ(record.fault, "latency");
  EXPECT_EQ(record.commit_error, "forwarder bug");
}

}  // namespace
}  // namespace rwchaos::faults::testing
