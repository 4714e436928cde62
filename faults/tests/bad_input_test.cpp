// The upstream never crashes on input: bad snappy/protobuf -> 400 with the reason, oversized ->
// 413, decompression bombs refused from snappy's header, slowloris cut, connection cap enforced.
#include <gtest/gtest.h>

#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::testing {
namespace {

TEST(BadInput, CorruptSnappyIs400WithTheReason) {
  TestUpstream up;
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request("\x05not snappy at all")));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 400);
  EXPECT_NE(client.body().find("snappy"), std::string::npos) << client.body();
  const auto records = up.ledger_with(1);
  EXPECT_NE(records[0]["error"].get<std::string>().find("snappy"), std::string::npos);
  EXPECT_EQ(records[0]["hash"], "");
  // The connection survives a 400, as with VictoriaMetrics.
  client.consume();
  ASSERT_TRUE(client.send(post_request(payload(1, 1))));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
}

TEST(BadInput, ValidSnappyBadProtobufIs400) {
  TestUpstream up;
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(remotewrite::compress("\xff\xff\xff garbage protobuf"))));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 400);
  EXPECT_NE(client.body().find("protobuf"), std::string::npos) << client.body();
}

TEST(BadInput, DecompressionBombIsRefusedFromTheSnappyHeader) {
  TestUpstream up;
  RawClient client(up.port());
  // A snappy varint length header claiming ~4 GiB, then a few bytes.
  const std::string bomb = std::string("\xff\xff\xff\xff\x0f", 5) + "tiny";
  ASSERT_TRUE(client.send(post_request(bomb)));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 400);
  EXPECT_NE(client.body().find("limit"), std::string::npos) << client.body();
}

TEST(BadInput, BodyOverTheLimitIs413AndClose) {
  UpstreamOptions options;
  options.max_body_bytes = 1000;
  TestUpstream up(options);
  RawClient client(up.port());
  ASSERT_TRUE(client.send("POST /api/v1/write HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n"));
  EXPECT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 413);
  EXPECT_EQ(client.read_to_end(5s), End::fin);
  EXPECT_EQ(up.ledger_with(1)[0]["status"], 413);
}

TEST(BadInput, ChunkedBodyOverTheLimitIs413) {
  UpstreamOptions options;
  options.max_body_bytes = 100;
  TestUpstream up(options);
  RawClient client(up.port());
  ASSERT_TRUE(client.send("POST /api/v1/write HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "c8\r\n" + std::string(200, 'a') + "\r\n0\r\n\r\n"));
  EXPECT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 413);
}

TEST(BadInput, ChunkedRequestIsDecoded) {
  TestUpstream up;
  RawClient client(up.port());
  const std::string body = payload(2, 3);
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  ASSERT_TRUE(client.send("POST /api/v1/write HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                          std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n"));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
  EXPECT_EQ(up.ledger_with(1)[0]["samples"], 6);
}

TEST(BadInput, MalformedHttpIs400AndClose) {
  TestUpstream up;
  RawClient client(up.port());
  ASSERT_TRUE(client.send("THIS IS NOT HTTP\r\n\r\n"));
  EXPECT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 400);
  EXPECT_EQ(client.read_to_end(5s), End::fin);
}

TEST(BadInput, GetIs405) {
  TestUpstream up;
  RawClient client(up.port());
  ASSERT_TRUE(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 405);
}

TEST(BadInput, SlowlorisIsCutAtTheHeaderTimeout) {
  UpstreamOptions options;
  options.header_timeout_s = 0.3;
  TestUpstream up(options);
  RawClient client(up.port());
  const auto start = Clock::now();
  ASSERT_TRUE(client.send("POST /api/v1/write HTTP/1.1\r\nHost: x\r\n"));
  for (int i = 0; i < 3; ++i) {  // one header line every 100ms: never finishes in time
    std::this_thread::sleep_for(100ms);
    client.send("X-Slow: " + std::to_string(i) + "\r\n");
  }
  EXPECT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 408);
  EXPECT_NE(client.read_to_end(5s), End::timeout);
  const double elapsed = ms_since(start);
  EXPECT_GE(elapsed, 290);
  EXPECT_LT(elapsed, 1500);
}

TEST(BadInput, SilentConnectionIsClosedAtTheHeaderTimeout) {
  UpstreamOptions options;
  options.header_timeout_s = 0.2;
  TestUpstream up(options);
  RawClient client(up.port());
  EXPECT_EQ(client.read_to_end(5s), End::fin);
}

TEST(BadInput, ConnectionCapResetsTheExtraConnection) {
  UpstreamOptions options;
  options.max_connections = 2;
  TestUpstream up(options);
  RawClient a(up.port()), b(up.port());
  const auto deadline = Clock::now() + 5s;
  while (up.stats()["open_connections"] != 2 && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
  RawClient c(up.port());
  // Only read: a send racing the reset would consume the ECONNRESET and leave a plain EOF.
  EXPECT_EQ(c.read_to_end(5s), End::rst);
  EXPECT_EQ(up.stats()["rejected_connections"], 1);
  // The capped-in connections are still served.
  ASSERT_TRUE(a.send(post_request(payload(1, 1))));
  ASSERT_EQ(a.read_response(5s), End::open);
  EXPECT_EQ(a.status(), 204);
}

TEST(BadInput, BurstOfConnectionsNeverExceedsTheCap) {
  // Connections are accepted on one thread and served on several: one accepted but not yet
  // started must already count, or a burst gets past the cap (the soak saw 4108 of 4096).
  UpstreamOptions options;
  options.max_connections = 8;
  TestUpstream up(options);
  constexpr int burst = 400;
  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < burst; ++i) {
    try {
      clients.push_back(std::make_unique<RawClient>(up.port()));
    } catch (const std::exception&) {
      // Reset while connecting: one of the rejected ones; the counts below still include it.
    }
  }
  const auto deadline = Clock::now() + 10s;
  nlohmann::json stats = up.stats();
  while (stats["open_connections"].get<int>() + stats["rejected_connections"].get<int>() < burst &&
         Clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
    stats = up.stats();
  }
  EXPECT_EQ(stats["open_connections"], 8) << stats.dump();
  EXPECT_EQ(stats["rejected_connections"], burst - 8) << stats.dump();
}

TEST(BadInput, SlowPeerDoesNotBlockOthers) {
  TestUpstream up;
  RawClient slow(up.port());
  slow.send("POST /api/v1/write HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part");
  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < 50; ++i) {
    clients.push_back(std::make_unique<RawClient>(up.port()));
    clients.back()->send(post_request(payload(1, 1)));
  }
  for (auto& client : clients) {
    ASSERT_EQ(client->read_response(5s), End::open);
    EXPECT_EQ(client->status(), 204);
  }
}

TEST(BadInput, RandomBytesNeverCrashTheUpstream) {
  TestUpstream up;
  std::uint64_t state = 12345;
  for (int i = 0; i < 60; ++i) {
    std::string junk(1 + i * 7 % 300, '\0');
    for (auto& c : junk) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      c = static_cast<char>(state >> 56);
    }
    RawClient client(up.port());
    client.send(i % 2 ? junk : post_request(junk));
    client.read_to_end(20ms);
  }
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(payload(1, 1))));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
}

}  // namespace
}  // namespace rwchaos::faults::testing

namespace rwchaos::faults::testing {
namespace {

TEST(BadInput, NonUtf8HeaderBytesAreLedgeredNotFatal) {
  TestUpstream up;
  RawClient client(up.port());
  std::string request = post_request(payload(1, 1));
  request.replace(request.find("rwchaos-test"), 12, "bad\xff\xfe" "agent");
  ASSERT_TRUE(client.send(request));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
  const auto records = up.ledger_with(1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["headers"]["user-agent"].get<std::string>().rfind("bad", 0), 0u);
}

}  // namespace
}  // namespace rwchaos::faults::testing

namespace rwchaos::faults::testing {
namespace {

TEST(HttpFraming, Expect100ContinueGetsContinueBeforeTheBody) {
  TestUpstream up;
  RawClient client(up.port());
  const std::string body = payload(2, 2);
  ASSERT_TRUE(client.send("POST /api/v1/write HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n"));
  ASSERT_EQ(client.read_until([](const std::string& r) { return r.find("\r\n\r\n") != std::string::npos; }, 5s), End::open);
  EXPECT_EQ(client.received, "HTTP/1.1 100 Continue\r\n\r\n");
  client.consume();
  ASSERT_TRUE(client.send(body));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
}

}  // namespace
}  // namespace rwchaos::faults::testing
