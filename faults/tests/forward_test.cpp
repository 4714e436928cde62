// Commit to storage with --forward. The receiver here is an httplib::Server standing in for
// storage (not victoria-metrics: real storage is tested by the harness with real processes).
#include <gtest/gtest.h>

#include <mutex>

#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::testing {
namespace {

struct StandInReceiver {
  explicit StandInReceiver(int status) {
    server.Post("/api/v1/write", [this, status](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex);
      bodies.push_back(req.body);
      headers = req.headers;
      res.status = status;
      if (status != 204) res.set_content("stand-in storage refuses", "text/plain");
    });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
  }
  ~StandInReceiver() {
    server.stop();
    thread.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port) + "/api/v1/write"; }

  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::mutex mutex;
  std::vector<std::string> bodies;
  httplib::Headers headers;
};

TEST(ForwardToStandInReceiver, CommitsTheOriginalCompressedBodyWithRemoteWriteHeaders) {
  StandInReceiver receiver(204);
  UpstreamOptions options;
  options.forward_url = receiver.url();
  TestUpstream up(options);
  const std::string body = payload(3, 3);
  RawClient client(up.port());
  client.send(post_request(body));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 204);
  std::lock_guard lock(receiver.mutex);
  ASSERT_EQ(receiver.bodies.size(), 1u);
  EXPECT_EQ(receiver.bodies[0], body);
  auto header = [&](const char* name) {
    auto it = receiver.headers.find(name);
    return it == receiver.headers.end() ? std::string() : it->second;
  };
  EXPECT_EQ(header("Content-Encoding"), "snappy");
  EXPECT_EQ(header("Content-Type"), "application/x-protobuf");
  EXPECT_EQ(header("X-Prometheus-Remote-Write-Version"), "0.1.0");
  EXPECT_EQ(up.ledger_with(1)[0]["committed"], true);
  EXPECT_EQ(up.control().Get("/export")->status, 404);  // storage holds the samples, not the upstream
}

TEST(ForwardToStandInReceiver, StorageFailureBecomes503NamingTheError) {
  StandInReceiver receiver(500);
  UpstreamOptions options;
  options.forward_url = receiver.url();
  TestUpstream up(options);
  RawClient client(up.port());
  client.send(post_request(payload(1, 1)));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 503);
  EXPECT_NE(client.body().find("answered 500: stand-in storage refuses"), std::string::npos) << client.body();
  const auto record = up.ledger_with(1)[0];
  EXPECT_EQ(record["committed"], false);
  EXPECT_NE(record["commit_error"].get<std::string>().find("500"), std::string::npos);
}

TEST(ForwardToStandInReceiver, UnreachableStorageBecomes503AndTransportFaultsStillApply) {
  UpstreamOptions options;
  options.forward_url = "http://127.0.0.1:1/api/v1/write";  // nothing listens on port 1
  TestUpstream up("faults: [{action: close_before_headers, commit: true, when: {requests: \"2\"}}]", options);
  RawClient client(up.port());
  client.send(post_request(payload(1, 1)));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 503);
  EXPECT_NE(client.body().find("unreachable"), std::string::npos) << client.body();
  client.consume();
  client.send(post_request(payload(1, 1)));
  EXPECT_EQ(client.read_to_end(5s), End::fin);
  const auto records = up.ledger_with(2);
  EXPECT_EQ(records[1]["outcome"], "close_fin");
  EXPECT_FALSE(records[1]["commit_error"].get<std::string>().empty());
}

}  // namespace
}  // namespace rwchaos::faults::testing
