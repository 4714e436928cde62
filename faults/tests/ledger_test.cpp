// The ledger: one JSONL record per request flushed to the file, duplicates and out-of-order samples
// counted per series, committed samples exported like VictoriaMetrics, bookkeeping memory-lean.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "faults/ledger/record.hpp"
#include "faults/ledger/sample_book.hpp"
#include "faults/ledger/sample_set.hpp"
#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::testing {
namespace {

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(LedgerFile, OneJsonLinePerRequestFlushedAsAnswered) {
  const std::string path = ::testing::TempDir() + "/ledger_file_test.jsonl";
  std::filesystem::remove(path);
  UpstreamOptions options;
  options.ledger_file = path;
  TestUpstream up("faults: [{action: respond, status: 500, when: {requests: \"2\"}}]", options);
  RawClient client(up.port());
  for (int i = 0; i < 3; ++i) {
    client.send(post_request(payload(1, 2, 1000 * i)));
    ASSERT_EQ(client.read_response(5s), End::open);
    client.consume();
    // Readable while the upstream still runs: flushed per record, not at exit.
    EXPECT_TRUE(eventually([&] { return lines_of(path).size() == static_cast<std::size_t>(i + 1); })) << i;
  }
  const auto lines = lines_of(path);
  ASSERT_EQ(lines.size(), 3u);
  const auto second = nlohmann::json::parse(lines[1]).get<faults::LedgerRecord>();
  EXPECT_EQ(second.id, 2u);
  EXPECT_EQ(second.status, 500);
  EXPECT_EQ(second.fault, "respond");
  EXPECT_EQ(second.committed, false);
  // GET /ledger serves the same records; ?since filters by id.
  auto res = up.control().Get("/ledger?since=2");
  EXPECT_EQ(res->body, lines[2] + "\n");
}

TEST(LedgerDuplicates, RecommittedSamplesAreCountedPerSeriesAndTimestamp) {
  TestUpstream up;
  RawClient client(up.port());
  auto send = [&](const std::string& body) {
    client.send(post_request(body));
    client.read_response(5s);
    client.consume();
  };
  send(payload(2, 3, 1'000'000));   // t = 1000s, 1001s, 1002s
  send(payload(2, 3, 1'001'000));   // overlaps two of three per series
  send(payload(2, 1, 1'000'500));   // new timestamps, older than the newest: out of order
  const auto records = up.ledger_with(3);
  EXPECT_EQ(records[0]["duplicate_samples"], 0);
  EXPECT_EQ(records[1]["duplicate_samples"], 4);
  EXPECT_EQ(records[2]["duplicate_samples"], 0);
  EXPECT_EQ(records[2]["out_of_order"], 2);
  EXPECT_EQ(up.stats()["duplicate_samples"], 4);
  EXPECT_EQ(up.stats()["committed_samples"], 14);
}

TEST(LedgerDuplicates, UncommittedRequestsDoNotCount) {
  TestUpstream up("faults: [{action: respond, status: 503, when: {requests: \"1\"}}]");
  RawClient client(up.port());
  for (int i = 0; i < 2; ++i) {
    client.send(post_request(payload(1, 2)));
    client.read_response(5s);
    client.consume();
  }
  const auto records = up.ledger_with(2);
  EXPECT_EQ(records[0]["committed"], false);
  EXPECT_EQ(records[1]["committed"], true);
  EXPECT_EQ(records[1]["duplicate_samples"], 0);
}

TEST(LedgerExport, CommittedSamplesInVictoriaMetricsExportFormat) {
  TestUpstream up;
  RawClient client(up.port());
  client.send(post_request(payload(2, 2, 5000, "exp")));
  client.read_response(5s);
  up.ledger_with(1);
  auto res = up.control().Get("/export");
  ASSERT_EQ(res->status, 200);
  std::vector<nlohmann::json> series;
  std::istringstream in(res->body);
  for (std::string line; std::getline(in, line);) series.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0]["metric"]["__name__"], "rwchaos_test_metric");
  EXPECT_EQ(series[0]["metric"]["job"], "exp");
  EXPECT_EQ(series[0]["timestamps"], (nlohmann::json{5000, 6000}));
  EXPECT_EQ(series[0]["values"], (nlohmann::json{0.0, 1.0}));
}

TEST(SampleSet, InsertReportsNewKeysAndStaysLean) {
  ledger::SampleSet set;
  const std::size_t n = 1'000'000;
  for (std::uint64_t i = 0; i < n; ++i) ASSERT_TRUE(set.insert(i * 0x9e3779b97f4a7c15ull + 7));
  for (std::uint64_t i = 0; i < n; i += 997) ASSERT_FALSE(set.insert(i * 0x9e3779b97f4a7c15ull + 7));
  EXPECT_TRUE(set.insert(0));  // key 0 is representable
  EXPECT_FALSE(set.insert(0));
  EXPECT_EQ(set.size(), n + 1);
  EXPECT_LE(static_cast<double>(set.memory_bytes()) / static_cast<double>(n), 32.0);
}

}  // namespace
}  // namespace rwchaos::faults::testing
