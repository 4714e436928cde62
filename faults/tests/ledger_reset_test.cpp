// POST /reset while requests are in flight (the harness resets between scenarios): ids restart
// from 1 without ever naming two requests, a request from before the reset is neither shown nor
// counted after it, and the ledger and /stats agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iterator>
#include <numeric>
#include <set>
#include <thread>

#include "faults/ledger/ledger.hpp"
#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::testing {
namespace {

TEST(LedgerReset, ARequestOpenedBeforeAClearIsWrittenToTheFileOnly) {
  const std::string path = ::testing::TempDir() + "/ledger_reset_test.jsonl";
  std::filesystem::remove(path);
  ledger::Stats stats;
  ledger::Ledger ledger(path, &stats);
  ledger::Entry old = ledger.open();
  ledger::Entry old_pending = ledger.open();
  ledger.pending(old_pending);
  ledger.clear();
  ledger::Entry fresh = ledger.open();
  EXPECT_EQ(fresh.record.id, 1u);  // ids restart
  EXPECT_EQ(old.record.id, 1u);    // the same number, another generation
  ledger.pending(old_pending);     // after the clear: ignored
  old.record.outcome = Outcome::response;
  ledger.append(old);
  fresh.record.outcome = Outcome::close_fin;
  ledger.append(fresh);
  const auto records = ledger.records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].outcome, Outcome::close_fin);
  EXPECT_EQ(stats.to_json()["requests"], 1);
  std::ifstream file(path);
  const auto lines = std::count(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>(), '\n');
  EXPECT_EQ(lines, 2);  // both answers are in the file: both went out
}

std::vector<nlohmann::json> answered(const std::vector<nlohmann::json>& records) {
  std::vector<nlohmann::json> out;
  std::copy_if(records.begin(), records.end(), std::back_inserter(out),
               [](const auto& r) { return r["outcome"] != "in_flight"; });
  return out;
}

// Ids of a ledger snapshot that are shown more than once.
std::string repeated_ids(const std::vector<nlohmann::json>& records) {
  std::set<std::uint64_t> seen;
  std::string repeated;
  for (const auto& r : records) {
    if (!seen.insert(r["id"].get<std::uint64_t>()).second) repeated += " " + r["id"].dump();
  }
  return repeated;
}

TEST(LedgerReset, ResetsUnderLoadNeverShowAnIdTwiceAndKeepLedgerAndStatsInStep) {
  // Every other request waits 2 ms before it is answered, so resets find requests in flight.
  const std::string plan = "faults: [{action: latency, delay: 2ms, when: {every: 2}}]";
  TestUpstream up(plan);
  const std::string request = post_request(payload(5, 10));
  const auto start = Clock::now();
  std::atomic<bool> stop{false};
  std::atomic<int> failed_clients{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&] {
      RawClient client(up.port());
      for (int i = 0; i < 5000 && !stop && ms_since(start) < 30'000; ++i) {
        if (!client.send(request) || client.read_response(5s) != End::open || client.status() != 204) {
          ++failed_clients;
          return;
        }
        client.consume();
      }
    });
  }

  // Resets in a loop, each once a few requests got through, each followed by the plan again (as
  // between two scenarios); every snapshot of the ledger must show each id once.
  int resets = 0;
  std::string repeated;
  for (; resets < 60 && ms_since(start) < 20'000 && repeated.empty() && failed_clients == 0; ++resets) {
    ASSERT_TRUE(eventually([&] { return up.ledger().size() >= 3; }, 5s)) << "reset " << resets;
    ASSERT_EQ(up.control().Post("/reset")->status, 200);
    up.set_plan(plan);
    repeated = repeated_ids(up.ledger());
  }
  EXPECT_EQ(repeated, "") << "after reset " << resets;
  EXPECT_GE(resets, 20);

  // Load goes on past the last reset, then stops; once every answer is in, the ledger holds ids
  // 1..n once each and /stats counts the same n requests and their samples.
  EXPECT_TRUE(eventually([&] { return up.ledger().size() >= 40; }, 10s));
  stop = true;
  for (auto& client : clients) client.join();
  EXPECT_EQ(failed_clients, 0);
  std::vector<nlohmann::json> records;
  ASSERT_TRUE(eventually([&] {
    records = up.ledger();
    return answered(records).size() == records.size();
  }));
  std::vector<std::uint64_t> ids;
  for (const auto& r : records) ids.push_back(r["id"].get<std::uint64_t>());
  std::sort(ids.begin(), ids.end());
  std::vector<std::uint64_t> expected(ids.size());
  std::iota(expected.begin(), expected.end(), 1);
  EXPECT_EQ(ids, expected);
  const auto stats = up.stats();
  EXPECT_EQ(stats["requests"], records.size());
  EXPECT_EQ(stats["samples"], records.size() * 50);
  EXPECT_EQ(stats["outcomes"]["response"], records.size());
}

}  // namespace
}  // namespace rwchaos::faults::testing
