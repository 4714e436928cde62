// VictoriaMetrics' own remote-write protocol at the upstream, without vmagent (the real vmagent is
// in harness/tests/vmagent_vm_protocol_test.cpp): the probe is answered as vminsert answers it and
// recorded; zstd bodies decode, commit and reach storage as snappy remote-write 1.0.
#include <gtest/gtest.h>

#include <mutex>

#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::testing {
namespace {

// vmagent's probe: an empty POST to the write URL with the Prometheus headers.
std::string probe(const std::string& query = "get_vm_proto_version=1") {
  return "POST /api/v1/write?" + query + " HTTP/1.1\r\nHost: upstream\r\nContent-Encoding: snappy\r\n"
         "Content-Type: application/x-protobuf\r\nX-Prometheus-Remote-Write-Version: 0.1.0\r\n"
         "User-Agent: vmagent\r\nContent-Length: 0\r\n\r\n";
}

std::string zstd_request(const std::string& body, const std::string& encoding = "zstd") {
  return "POST /api/v1/write HTTP/1.1\r\nHost: upstream\r\nContent-Encoding: " + encoding +
         "\r\nContent-Type: application/x-protobuf\r\nX-VictoriaMetrics-Remote-Write-Version: 1\r\n"
         "User-Agent: vmagent\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string zstd_payload(int series, int samples) {
  const auto decoded = remotewrite::decode(payload(series, samples));
  return remotewrite::compress(decoded.payload, remotewrite::Compression::zstd);
}

TEST(VmProtocol, ProbeIsAnswered200WithVersion1AndRecordedAsHandshake) {
  TestUpstream up;
  RawClient client(up.port());
  client.send(probe());
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 200);
  EXPECT_TRUE(client.received.ends_with("\r\n\r\n1")) << client.received;
  const auto records = up.ledger_with(1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["handshake"], true);
  EXPECT_EQ(records[0]["status"], 200);
  EXPECT_EQ(records[0]["committed"], false);
  EXPECT_EQ(records[0]["samples"], 0);
  EXPECT_EQ(records[0]["error"], "");
}

TEST(VmProtocol, OnlyANonEmptyGetVmProtoVersionIsAProbe) {
  TestUpstream up;
  RawClient client(up.port());
  client.send(probe("get_vm_proto_version="));  // empty value: a write with an empty body, 400
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 400);
  client.consume();
  client.send(probe("extra=1&get_vm_proto_version=2"));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 200);
  const auto records = up.ledger_with(2);
  EXPECT_EQ(records[0]["handshake"], false);
  EXPECT_EQ(records[1]["handshake"], true);
}

TEST(VmProtocol, AFaultChosenForTheProbeActsOnIt) {
  TestUpstream up("seed: 1\nfaults:\n  - {action: respond, status: 503, when: {requests: \"1\"}}\n");
  RawClient client(up.port());
  client.send(probe());
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 503);
  const auto records = up.ledger_with(1);
  EXPECT_EQ(records[0]["handshake"], true);
  EXPECT_EQ(records[0]["fault"], "respond");
}

TEST(VmProtocol, ZstdBodyDecodesCommitsAndSaysItsCompression) {
  TestUpstream up;
  RawClient client(up.port());
  client.send(zstd_request(zstd_payload(2, 3)));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
  const auto records = up.ledger_with(1);
  EXPECT_EQ(records[0]["compression"], "zstd");
  EXPECT_EQ(records[0]["samples"], 6);
  EXPECT_EQ(records[0]["committed"], true);
  EXPECT_EQ(records[0]["headers"]["x-victoriametrics-remote-write-version"], "1");
  // The same payload in snappy is the same payload: one hash.
  client.consume();
  client.send(post_request(payload(2, 3)));
  ASSERT_EQ(client.read_response(5s), End::open);
  const auto both = up.ledger_with(2);
  EXPECT_EQ(both[1]["compression"], "snappy");
  EXPECT_EQ(both[1]["hash"], both[0]["hash"]);
  EXPECT_EQ(both[1]["duplicate_samples"], 6);
}

TEST(VmProtocol, QueuedBlockUnderTheOtherContentEncodingStillDecodes) {
  TestUpstream up;
  RawClient client(up.port());
  client.send(zstd_request(zstd_payload(1, 2), "snappy"));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
  EXPECT_EQ(up.ledger_with(1)[0]["compression"], "zstd");
}

TEST(VmProtocol, CorruptZstdIs400NamingZstd) {
  TestUpstream up;
  RawClient client(up.port());
  std::string body = zstd_payload(3, 3);
  body.resize(body.size() / 2);
  client.send(zstd_request(body));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 400);
  const auto records = up.ledger_with(1);
  EXPECT_NE(records[0]["error"].get<std::string>().find("zstd"), std::string::npos) << records[0].dump();
  EXPECT_EQ(records[0]["compression"], "");
}

TEST(VmProtocol, ForwardSendsAZstdRequestToStorageAsSnappyRemoteWrite1) {
  httplib::Server storage;
  std::mutex mutex;
  std::vector<std::pair<std::string, std::string>> received;  // content-encoding, body
  storage.Post("/api/v1/write", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    received.emplace_back(req.get_header_value("Content-Encoding"), req.body);
    res.status = 204;
  });
  const int port = storage.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { storage.listen_after_bind(); });
  {
    UpstreamOptions options;
    options.forward_url = "http://127.0.0.1:" + std::to_string(port) + "/api/v1/write";
    TestUpstream up(options);
    RawClient client(up.port());
    client.send(zstd_request(zstd_payload(2, 2)));
    ASSERT_EQ(client.read_response(5s), End::open);
    EXPECT_EQ(client.status(), 204);
  }
  storage.stop();
  serving.join();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].first, "snappy");
  const auto decoded = remotewrite::decode(received[0].second);
  ASSERT_TRUE(decoded) << decoded.error->message;
  EXPECT_EQ(decoded.samples, 4u);
}

}  // namespace
}  // namespace rwchaos::faults::testing
