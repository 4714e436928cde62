// --ledger-samples: each record lists its request's samples by series (name, labels, identity hash,
// timestamps, stale markers by their bits), whatever the answer; without the flag the list is empty.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>

#include "faults/ledger/series_samples.hpp"
#include "faults/tests/test_support.hpp"

namespace rwchaos::faults::testing {
namespace {

// One series `rwchaos_test_metric{job="j"}` with the given (timestamp, value) samples.
std::string one_series(const std::vector<std::pair<std::int64_t, double>>& samples) {
  prometheus::WriteRequest request;
  auto* ts = request.add_timeseries();
  auto* name = ts->add_labels();
  name->set_name("__name__");
  name->set_value("rwchaos_test_metric");
  auto* job = ts->add_labels();
  job->set_name("job");
  job->set_value("j");
  for (const auto& [t, v] : samples) {
    auto* sample = ts->add_samples();
    sample->set_timestamp(t);
    sample->set_value(v);
  }
  return remotewrite::encode(request);
}

std::vector<nlohmann::json> send_and_read(TestUpstream& up, const std::vector<std::string>& bodies) {
  RawClient client(up.port());
  for (const auto& body : bodies) {
    client.send(post_request(body));
    EXPECT_EQ(client.read_response(5s), End::open);
    client.consume();
  }
  return up.ledger_with(bodies.size());
}

TEST(LedgerSamples, StaleMarkerIsTheOneNaNBitPattern) {
  EXPECT_TRUE(ledger::is_stale_marker(std::bit_cast<double>(ledger::stale_marker_bits)));
  EXPECT_FALSE(ledger::is_stale_marker(std::nan("")));
  EXPECT_FALSE(ledger::is_stale_marker(0.0));
}

TEST(LedgerSamples, EveryRecordListsItsSamplesBySeriesFaultedOrNot) {
  UpstreamOptions options;
  options.ledger_samples = true;
  TestUpstream up("faults: [{action: respond, status: 503, when: {requests: \"2\"}}]", options);
  const double stale = std::bit_cast<double>(ledger::stale_marker_bits);
  const auto records = send_and_read(up, {payload(2, 2, 1'000'000), one_series({{5000, 1}, {6000, stale}, {7000, std::nan("")}})});

  const auto first = records[0]["samples_by_series"];
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0]["name"], "rwchaos_test_metric");
  EXPECT_EQ(first[0]["labels"], "__name__=\"rwchaos_test_metric\",job=\"test\",series=\"0\"");
  EXPECT_EQ(first[0]["timestamps"], nlohmann::json({1'000'000, 1'001'000}));
  EXPECT_EQ(first[0]["stale"], nlohmann::json::array());
  EXPECT_NE(first[0]["hash"], first[1]["hash"]);  // two series, two identities
  EXPECT_EQ(first[0]["hash"].get<std::string>().size(), 16u);

  // Answered 503 and not committed: listed all the same (the sample was offered).
  EXPECT_EQ(records[1]["status"], 503);
  const auto second = records[1]["samples_by_series"];
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0]["timestamps"], nlohmann::json({5000, 6000, 7000}));
  EXPECT_EQ(second[0]["stale"], nlohmann::json({6000}));  // the plain NaN at 7000 is no stale marker
}

TEST(LedgerSamples, OneSeriesHasOneIdentityWhateverTheLabelOrder) {
  UpstreamOptions options;
  options.ledger_samples = true;
  TestUpstream up(options);
  prometheus::WriteRequest reversed;
  auto* ts = reversed.add_timeseries();
  for (const auto& [n, v] : std::vector<std::pair<std::string, std::string>>{{"job", "j"}, {"__name__", "rwchaos_test_metric"}}) {
    auto* label = ts->add_labels();
    label->set_name(n);
    label->set_value(v);
  }
  auto* sample = ts->add_samples();
  sample->set_timestamp(1);
  sample->set_value(1);
  const auto records = send_and_read(up, {one_series({{1, 1}}), remotewrite::encode(reversed)});
  EXPECT_EQ(records[0]["samples_by_series"][0]["hash"], records[1]["samples_by_series"][0]["hash"]);
  EXPECT_EQ(records[0]["samples_by_series"][0]["labels"], records[1]["samples_by_series"][0]["labels"]);
}

TEST(LedgerSamples, OffByDefault) {
  TestUpstream up;
  const auto records = send_and_read(up, {payload(1, 1)});
  EXPECT_EQ(records[0]["samples_by_series"], nlohmann::json::array());
  EXPECT_EQ(records[0]["samples"], 1);
}

}  // namespace
}  // namespace rwchaos::faults::testing
