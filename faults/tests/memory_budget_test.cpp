// The memory budget shared by all requests in progress (--max-buffered-bytes): a request that would
// pass it gets 503 with the reason, before its body is allocated or anything is committed, and the
// bytes come back when requests end.
#include <gtest/gtest.h>

#include "faults/engine/memory_budget.hpp"
#include "faults/remotewrite/codec.hpp"
#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::testing {
namespace {

std::size_t decoded_size(const std::string& body) { return remotewrite::decode_payload(body).size; }

// Polls /stats until buffered_bytes is 0 (the last answer's lease ends just after its bytes leave).
bool budget_drains(const TestUpstream& up) {
  const auto deadline = Clock::now() + 5s;
  while (Clock::now() < deadline) {
    if (up.stats()["buffered_bytes"] == 0) return true;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

TEST(MemoryBudget, TakesOnlyWhatFitsAndGivesBack) {
  engine::MemoryBudget budget(100);
  EXPECT_TRUE(budget.take(60));
  EXPECT_FALSE(budget.take(41));
  EXPECT_TRUE(budget.take(40));
  EXPECT_FALSE(budget.take(1));
  budget.give(100);
  EXPECT_EQ(budget.in_use(), 0u);
  EXPECT_FALSE(budget.take(101));
  {
    engine::BudgetLease lease(&budget);
    EXPECT_TRUE(lease.hold(30));
    EXPECT_TRUE(lease.hold(80));  // grows by 50
    EXPECT_FALSE(lease.hold(101));
    EXPECT_EQ(budget.in_use(), 80u);
    engine::BudgetLease moved = std::move(lease);
    EXPECT_EQ(budget.in_use(), 80u);
  }
  EXPECT_EQ(budget.in_use(), 0u);
}

TEST(MemoryBudget, BodyThatWouldPassTheBudgetIs503WhileAnotherRequestHoldsIt) {
  const std::string body_a = payload(200, 10);
  UpstreamOptions options;
  options.max_buffered_bytes = body_a.size() + decoded_size(body_a) + 1000;
  TestUpstream up(options);

  // A announces its body and sends half of it: its whole length is held from the header on.
  const std::string request_a = post_request(body_a);
  const std::size_t half = request_a.size() - body_a.size() / 2;
  RawClient a(up.port());
  ASSERT_TRUE(a.send(request_a.substr(0, half)));
  const auto held_deadline = Clock::now() + 5s;
  while (up.stats()["buffered_bytes"] == 0 && Clock::now() < held_deadline) std::this_thread::sleep_for(5ms);
  EXPECT_GE(up.stats()["buffered_bytes"].get<std::size_t>(), body_a.size());

  // B announces just more than is left: 503 at once, with the reason, and the connection closes.
  RawClient b(up.port());
  const std::size_t left = options.max_buffered_bytes - body_a.size();
  ASSERT_TRUE(b.send("POST /api/v1/write HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(left + 1) + "\r\n\r\n"));
  ASSERT_EQ(b.read_response(5s), End::open);
  EXPECT_EQ(b.status(), 503);
  EXPECT_NE(b.body().find("--max-buffered-bytes"), std::string::npos) << b.body();
  EXPECT_EQ(b.read_to_end(5s), End::fin);

  // A finishes and is stored; then the budget is free again and a new request goes through.
  ASSERT_TRUE(a.send(request_a.substr(half)));
  ASSERT_EQ(a.read_response(5s), End::open);
  EXPECT_EQ(a.status(), 204);
  ASSERT_TRUE(budget_drains(up));
  RawClient c(up.port());
  ASSERT_TRUE(c.send(post_request(payload(1, 1, 1'800'000'000'000))));
  ASSERT_EQ(c.read_response(5s), End::open);
  EXPECT_EQ(c.status(), 204);

  const auto records = up.ledger_with(3);
  int refused = 0;
  for (const auto& record : records) {
    if (record["status"] != 503) continue;
    ++refused;
    EXPECT_NE(record["error"].get<std::string>().find("memory budget"), std::string::npos) << record.dump();
  }
  EXPECT_EQ(refused, 1);
  EXPECT_EQ(up.stats()["committed_samples"], 200 * 10 + 1);
  EXPECT_TRUE(budget_drains(up));
}

TEST(MemoryBudget, DecodedPayloadOverTheBudgetIs503AndNothingIsCommitted) {
  const std::string body = payload(500, 10);
  ASSERT_GT(decoded_size(body), 2 * body.size());  // remote-write compresses well
  UpstreamOptions options;
  options.max_buffered_bytes = body.size() + decoded_size(body) / 2;
  TestUpstream up(options);
  RawClient client(up.port());
  ASSERT_TRUE(client.send(post_request(body)));
  ASSERT_EQ(client.read_response(5s), End::open);
  EXPECT_EQ(client.status(), 503);
  EXPECT_NE(client.body().find("decoded bytes"), std::string::npos) << client.body();
  const auto record = up.ledger_with(1)[0];
  EXPECT_EQ(record["committed"], false);
  EXPECT_EQ(up.stats()["committed_samples"], 0);
  auto exported = up.control().Get("/export");
  ASSERT_TRUE(exported);
  EXPECT_TRUE(exported->body.empty()) << exported->body.substr(0, 200);
  EXPECT_TRUE(budget_drains(up));
}

}  // namespace
}  // namespace rwchaos::faults::testing
