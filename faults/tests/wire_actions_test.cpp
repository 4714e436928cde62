// Each catalogue action, observed on the wire by a raw-socket client: FIN (read returns 0) versus
// RST (ECONNRESET), half-close, delays measured, bytes counted.
#include <gtest/gtest.h>

#include <regex>

#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::testing {
namespace {

const std::string wire_body = payload(3, 4);

TEST(WireNoFault, Answers204KeepsAliveAndLedgersBothRequests) {
  TestUpstream up("seed: 1\nfaults: []\n");
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(wire_body)));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
  client.consume();
  ASSERT_TRUE(client.send(post_request(wire_body)));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
  const auto records = up.ledger_with(2);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["conn"], records[1]["conn"]);
  EXPECT_EQ(records[1]["conn_index"], 2);
  EXPECT_EQ(records[1]["reused"], true);
  EXPECT_EQ(records[0]["series"], 3);
  EXPECT_EQ(records[0]["samples"], 12);
  EXPECT_EQ(records[0]["committed"], true);
  EXPECT_EQ(records[0]["outcome"], "response");
  EXPECT_EQ(records[0]["size"], wire_body.size());
  EXPECT_EQ(records[0]["headers"]["content-encoding"], "snappy");
  EXPECT_EQ(records[0]["hash"], records[1]["hash"]);
  EXPECT_EQ(records[1]["duplicate_samples"], 12);  // same payload committed twice
}

TEST(WireNoFault, PipelinedRequestsAreBothAnswered) {
  TestUpstream up;
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(wire_body) + post_request(wire_body)));
  const End end = client.read_until([](const std::string& r) {
    return r.find("HTTP/1.1 204", r.find("HTTP/1.1 204") + 1) != std::string::npos;
  }, 5s);
  EXPECT_EQ(end, End::open) << client.received;
  EXPECT_EQ(up.ledger_with(2).size(), 2u);
}

TEST(WireNoFault, ServesIpv6Loopback) {
  UpstreamOptions options;
  options.listen = "[::1]:0";
  TestUpstream up(options);
  RawClient client(up.port(), /*ipv6=*/true);
  ASSERT_TRUE(client.send(post_request(wire_body)));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
  EXPECT_EQ(up.upstream.listen_address().rfind("[::1]:", 0), 0u);
}

TEST(WireRespond, EnvoyUcPresetIsEnvoysLocalReplyByteForByte) {
  TestUpstream up("faults: [{action: respond, body: envoy-uc}]");
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(wire_body)));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 503);
  EXPECT_EQ(client.body(), "upstream connect error or disconnect/reset before headers. reset reason: connection termination");
  // Envoy's header set and order: content-length, content-type, date, server.
  const std::regex envoy_head(
      "HTTP/1\\.1 503 Service Unavailable\r\ncontent-length: 95\r\ncontent-type: text/plain\r\n"
      "date: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\nserver: envoy\r\n\r\n.*");
  EXPECT_TRUE(std::regex_match(client.received, envoy_head)) << client.received;
  const auto records = up.ledger_with(1);
  EXPECT_EQ(records[0]["fault"], "respond");
  EXPECT_EQ(records[0]["status"], 503);
  EXPECT_EQ(records[0]["committed"], false);  // commit defaults to false for a non-2xx answer
}

TEST(WireRespond, RetryAfterHeadersAndCommitTrue) {
  TestUpstream up("faults: [{action: respond, status: 429, retry_after: 3s, headers: {x-why: test}, commit: true, body: slow down}]");
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(wire_body)));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 429);
  EXPECT_NE(client.received.find("\r\nretry-after: 3\r\n"), std::string::npos);
  EXPECT_NE(client.received.find("\r\nx-why: test\r\n"), std::string::npos);
  EXPECT_EQ(client.body(), "slow down");
  EXPECT_EQ(up.ledger_with(1)[0]["committed"], true);
}

TEST(WireCloseBeforeHeaders, FinIsSeenAsEofWithNoByte) {
  TestUpstream up("faults: [{action: close_before_headers, how: fin}]");
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(wire_body)));
  EXPECT_EQ(client.read_to_end(5s), End::fin);
  EXPECT_EQ(client.received, "");
  const auto records = up.ledger_with(1);
  EXPECT_EQ(records[0]["outcome"], "close_fin");
  EXPECT_EQ(records[0]["status"], 0);
  EXPECT_EQ(records[0]["samples"], 12);  // the request was read and decoded first
}

TEST(WireCloseBeforeHeaders, RstIsSeenAsConnectionReset) {
  TestUpstream up("faults: [{action: close_before_headers, how: rst}]");
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(wire_body)));
  EXPECT_EQ(client.read_to_end(5s), End::rst);
  EXPECT_EQ(up.ledger_with(1)[0]["outcome"], "close_rst");
}

TEST(WireCloseBeforeHeaders, AfterBytesCutsTheRequestMidway) {
  TestUpstream up("faults: [{action: close_before_headers, how: rst, after_bytes: 20}]");
  RawClient client(up.port());
  const std::string request = post_request(wire_body);
  ASSERT_TRUE(client.send(request.substr(0, 20)));
  EXPECT_EQ(client.read_to_end(5s), End::rst);
  const auto records = up.ledger_with(1);
  EXPECT_EQ(records[0]["outcome"], "close_rst");
  EXPECT_EQ(records[0]["samples"], 0);
}

TEST(WireCloseBeforeHeaders, CommitTrueCommitsBeforeClosing) {
  TestUpstream up("faults: [{action: close_before_headers, commit: true}]");
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(wire_body)));
  EXPECT_EQ(client.read_to_end(5s), End::fin);
  EXPECT_EQ(up.ledger_with(1)[0]["committed"], true);
  auto exported = up.control().Get("/export");
  EXPECT_NE(exported->body.find("rwchaos_test_metric"), std::string::npos);
}

TEST(WireHalfClose, ClientSeesEofYetCanStillWrite) {
  TestUpstream up("faults: [{action: half_close, then: hold, hold: 5s}]");
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(wire_body)));
  EXPECT_EQ(client.read_to_end(5s), End::fin);
  // The upstream still reads: a write after EOF succeeds and the connection is not reset.
  EXPECT_TRUE(client.send("more bytes the upstream reads and discards"));
  std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(client.send("still open"));
  EXPECT_EQ(up.ledger_with(1)[0]["outcome"], "half_close");
  EXPECT_EQ(up.stats()["open_connections"], 1);
}

TEST(WireSlowHeaders, StatusLineArrivesAfterTheDelay) {
  TestUpstream up("faults: [{action: slow_headers, delay: 400ms}]");
  RawClient client(up.port());
  const auto start = Clock::now();
  ASSERT_TRUE(client.send(post_request(wire_body)));
  ASSERT_EQ(client.read_until([](const std::string& r) { return !r.empty(); }, 5s), End::open);
  const double elapsed = ms_since(start);
  EXPECT_GE(elapsed, 400);
  EXPECT_LT(elapsed, 900);
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
  EXPECT_EQ(up.ledger_with(1)[0]["committed"], true);
}

TEST(WireSlowHeaders, RequestStillWaitingIsInTheLedgerAsInFlight) {
  // A client that gives up during the delay must still leave a trace: its retry is only
  // recognisable as a retry if the first attempt is in the ledger.
  TestUpstream up("faults: [{action: slow_headers, delay: 3s}]");
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(wire_body)));
  auto records = up.ledger_with(1, 5s, /*answered=*/false);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["outcome"], "in_flight");
  EXPECT_EQ(records[0]["status"], 0);
  EXPECT_EQ(records[0]["fault"], "slow_headers");
  EXPECT_FALSE(records[0]["hash"].get<std::string>().empty());
  // The in-flight record shows up once decoded and is updated when the commit is done, well
  // before the 3 s delay ends.
  EXPECT_TRUE(eventually([&] {
    records = up.ledger();
    return records.size() == 1 && records[0]["outcome"] == "in_flight" && records[0]["committed"] == true;
  }, 2s));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
  const auto answered = up.ledger_with(1);
  ASSERT_EQ(answered.size(), 1u);
  EXPECT_EQ(answered[0]["outcome"], "response");
  EXPECT_EQ(answered[0]["status"], 204);
}

TEST(WireTrickleBody, BodyArrivesInChunksOverTime) {
  TestUpstream up("faults: [{action: trickle_body, size: 40, chunk: 10, interval: 100ms}]");
  RawClient client(up.port());
  const auto start = Clock::now();
  ASSERT_TRUE(client.send(post_request(wire_body)));
  ASSERT_EQ(client.read_until([](const std::string& r) { return r.find("\r\n\r\n") != std::string::npos; }, 5s), End::open);
  const double headers_at = ms_since(start);
  ASSERT_EQ(client.read_until([](const std::string& r) { return r.find("\r\n\r\n") + 4 + 10 <= r.size(); }, 5s), End::open);
  EXPECT_LT(client.body().size(), 40u);  // only part of it so far
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.body(), std::string(40, 'x'));
  EXPECT_LT(headers_at, 100);
  EXPECT_GE(ms_since(start), 400);  // four chunks, one interval before each
}

TEST(WireTruncateResponse, SendsExactlyNBytesThenCloses) {
  TestUpstream up("faults: [{action: truncate_response, bytes: 30, how: fin}]");
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(wire_body)));
  EXPECT_EQ(client.read_to_end(5s), End::fin);
  EXPECT_EQ(client.received.size(), 30u);
  EXPECT_EQ(client.received.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  const auto records = up.ledger_with(1);
  EXPECT_EQ(records[0]["outcome"], "truncated");
  EXPECT_EQ(records[0]["status"], 200);
  EXPECT_EQ(records[0]["committed"], true);
}

TEST(WireBlackhole, NeverAnswersAndHoldsUntilThePeerCloses) {
  TestUpstream up("faults: [{action: blackhole, hold: 10s}]");
  {
    RawClient client(up.port());
    ASSERT_TRUE(client.send(post_request(wire_body)));
    EXPECT_EQ(client.read_to_end(500ms), End::timeout);
    EXPECT_EQ(client.received, "");
    EXPECT_EQ(up.ledger_with(1)[0]["outcome"], "no_answer");
    EXPECT_EQ(up.stats()["open_connections"], 1);
  }
  const auto deadline = Clock::now() + 5s;
  while (up.stats()["open_connections"] != 0 && Clock::now() < deadline) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(up.stats()["open_connections"], 0);
}

TEST(WireBlackhole, GivesUpAfterMaxHold) {
  TestUpstream up("faults: [{action: blackhole, hold: 300ms}]");
  RawClient client(up.port());
  const auto start = Clock::now();
  ASSERT_TRUE(client.send(post_request(wire_body)));
  EXPECT_EQ(client.read_to_end(5s), End::fin);
  EXPECT_GE(ms_since(start), 300);
}

TEST(WireRefuse, NewConnectionsAreResetWhileActiveOnly) {
  TestUpstream up("faults: [{action: refuse, when: {requests: \"1\"}}]");
  {
    RawClient first(up.port());  // connection 1: refused; only read, a racing send would eat the ECONNRESET
    EXPECT_EQ(first.read_to_end(5s), End::rst);
  }
  RawClient second(up.port());
  ASSERT_TRUE(second.send(post_request(wire_body)));
  ASSERT_EQ(second.read_response(5s), End::open);
  EXPECT_EQ(second.status(), 204);
  EXPECT_EQ(up.stats()["faults_injected"]["refuse"], 1);
}

TEST(WireLatency, DelaysAndComposesWithAnAnswer) {
  TestUpstream up("faults: [{action: latency, delay: 300ms}, {action: respond, status: 500, when: {requests: \"2\"}}]");
  RawClient client(up.port());
  auto start = Clock::now();
  ASSERT_TRUE(client.send(post_request(wire_body)));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_GE(ms_since(start), 300);
  EXPECT_EQ(client.status(), 204);
  client.consume();
  start = Clock::now();
  ASSERT_TRUE(client.send(post_request(wire_body)));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_GE(ms_since(start), 300);
  EXPECT_EQ(client.status(), 500);
  EXPECT_EQ(up.ledger_with(2)[1]["fault"], "latency+respond");
}

TEST(WireWhen, RequestRangesCountAcrossConnections) {
  TestUpstream up("faults: [{action: respond, status: 503, when: {requests: \"2-3\"}}]");
  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) {
    RawClient client(up.port());  // a new connection each time: indices are global
    client.send(post_request(wire_body, false));
    client.read_response(5s);
    statuses.push_back(client.status());
  }
  EXPECT_EQ(statuses, (std::vector<int>{204, 503, 503, 204}));
}

TEST(WireWhen, ProbabilityPicksTheSameRequestsWithTheSameSeed) {
  auto run = [](int seed) {
    TestUpstream up("seed: " + std::to_string(seed) + "\nfaults: [{action: respond, status: 503, when: {probability: 0.5}}]");
    RawClient client(up.port());
    std::vector<int> statuses;
    for (int i = 0; i < 24; ++i) {
      client.send(post_request(wire_body));
      client.read_response(5s);
      statuses.push_back(client.status());
      client.consume();
    }
    return statuses;
  };
  const auto a = run(7), b = run(7), c = run(8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(std::count(a.begin(), a.end(), 503), 0);
  EXPECT_NE(std::count(a.begin(), a.end(), 204), 0);
}

TEST(WireWhen, EveryAndReusedAndPath) {
  TestUpstream up("faults: [{action: respond, status: 502, when: {every: 2, reused: true, path: /api/v1/write}}]");
  RawClient client(up.port());
  std::vector<int> statuses;
  for (const std::string path : {"/api/v1/write", "/api/v1/write", "/other", "/other", "/api/v1/write", "/api/v1/write"}) {
    client.send(post_request(wire_body, true, path));
    client.read_response(5s);
    statuses.push_back(client.status());
    client.consume();
  }
  EXPECT_EQ(statuses, (std::vector<int>{204, 502, 204, 204, 204, 502}));
}

TEST(WirePlan, NewPlanTakesEffectForTheNextRequest) {
  TestUpstream up;
  RawClient client(up.port());
  client.send(post_request(wire_body));
  client.read_response(5s);
  EXPECT_EQ(client.status(), 204);
  client.consume();
  up.set_plan("faults: [{action: respond, status: 418}]");
  client.send(post_request(wire_body));
  client.read_response(5s);
  EXPECT_EQ(client.status(), 418);
}

}  // namespace
}  // namespace rwchaos::faults::testing

namespace rwchaos::faults::testing {
namespace {

TEST(WireRespond, EveryEnvoyPresetHasEnvoysStatusAndBody) {
  const std::vector<std::tuple<std::string, int, std::string>> presets{
      {"envoy-uc", 503, "upstream connect error or disconnect/reset before headers. reset reason: connection termination"},
      {"envoy-urx-uc", 503, "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: connection termination"},
      {"envoy-uf", 503, "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused"},
      {"envoy-ut", 504, "upstream request timeout"},
  };
  for (const auto& [preset, status, text] : presets) {
    TestUpstream up("faults: [{action: respond, body: " + preset + "}]");
    RawClient client(up.port());
    client.send(post_request(payload(1, 1)));
    ASSERT_EQ(client.read_response(5s), End::open) << preset;
    EXPECT_EQ(client.status(), status) << preset;
    EXPECT_EQ(client.body(), text) << preset;
    EXPECT_NE(client.received.find("\r\ncontent-length: " + std::to_string(text.size()) + "\r\n"), std::string::npos);
  }
}

}  // namespace
}  // namespace rwchaos::faults::testing
