// Every count on synthetic observations, each shown both ways: a run where it is zero/absent and a
// run where it counts exactly what it should.
#include <cmath>
#include <cstring>
#include <limits>

#include <gtest/gtest.h>

#include "harness/checks/compute_counts.hpp"
#include "harness/checks/request_accounting.hpp"
#include "harness/tests/ledger_support.hpp"

namespace rwchaos::harness {
namespace {

using faults::LedgerRecord;
using testing::listed;
using testing::request;

StoredSeries series(const std::string& name, std::vector<std::int64_t> ts, std::vector<double> values) {
  return StoredSeries{{{"__name__", name}, {"job", "test"}}, std::move(ts), std::move(values)};
}

Observations three_samples_all_stored() {
  Observations o;
  o.expected.values["rw_counter"] = {1, 2, 3};
  o.stored.push_back(series("rw_counter", {1000, 2000, 3000}, {1, 2, 3}));
  return o;
}

TEST(ChecksCounts, AllStoredMeansNothingLostOrUnexpected) {
  const Counts c = compute_counts(three_samples_all_stored());
  EXPECT_EQ(c.expected_samples, 3u);
  EXPECT_EQ(c.stored_samples, 3u);
  EXPECT_EQ(c.lost, 0u);
  EXPECT_EQ(c.unexpected, 0u);
  EXPECT_EQ(c.stored_duplicates, 0u);
  EXPECT_EQ(c.silent_loss, 0u);
}

TEST(ChecksCounts, LostIsExpectedButNotStored) {
  Observations o = three_samples_all_stored();
  o.stored[0] = series("rw_counter", {1000, 3000}, {1, 3});
  const Counts c = compute_counts(o);
  EXPECT_EQ(c.lost, 1u);
  EXPECT_EQ(c.stored_samples, 2u);
}

TEST(ChecksCounts, UnexpectedIsStoredButNeverExpectedAndOtherMetricsAreIgnored) {
  Observations o = three_samples_all_stored();
  o.stored[0] = series("rw_counter", {1000, 2000, 3000, 4000}, {1, 2, 3, 99});
  o.stored.push_back(series("up", {1000}, {1}));  // the client's own series: not ground truth
  const Counts c = compute_counts(o);
  EXPECT_EQ(c.unexpected, 1u);
  EXPECT_EQ(c.lost, 0u);
  EXPECT_EQ(c.stored_samples, 4u);
}

TEST(ChecksCounts, NaNAndStaleMarkersAreIgnored) {
  Observations o = three_samples_all_stored();
  double stale;
  const std::uint64_t stale_bits = 0x7ff0000000000002ull;  // Prometheus' stale marker
  std::memcpy(&stale, &stale_bits, sizeof stale);
  o.stored[0] = series("rw_counter", {1000, 2000, 3000, 4000, 5000}, {1, 2, 3, stale, std::nan("")});
  const Counts c = compute_counts(o);
  EXPECT_EQ(c.stored_samples, 3u);
  EXPECT_EQ(c.unexpected, 0u);
}

TEST(ChecksCounts, ValuesMatchAcrossStorageRoundingButNotAcrossOneMillisecond) {
  Observations o;
  o.expected.values["rw_time"] = {1763900000.123, 1763900001.123};
  // A few ulps off for the first (decimal round trip); the second is 1ms off: another sample.
  o.stored.push_back(series("rw_time", {1, 2}, {std::nextafter(1763900000.123, 2e9), 1763900001.124}));
  const Counts c = compute_counts(o);
  EXPECT_EQ(c.lost, 1u);
  EXPECT_EQ(c.unexpected, 1u);
}

TEST(ChecksCounts, StoredDuplicatesAreExtraCopiesOfOneSeriesTimestamp) {
  Observations o = three_samples_all_stored();
  EXPECT_EQ(compute_counts(o).stored_duplicates, 0u);
  o.stored[0] = series("rw_counter", {1000, 2000, 2000, 3000}, {1, 2, 2, 3});
  const Counts c = compute_counts(o);
  EXPECT_EQ(c.stored_duplicates, 1u);
  EXPECT_EQ(c.stored_samples, 4u);
  EXPECT_EQ(c.unexpected, 0u);
}

TEST(ChecksCounts, CommandClientsCompareCounts) {
  Observations o;
  o.expected.counts["rw_cmd"] = 3;
  o.stored.push_back(series("rw_cmd", {1, 2, 3}, {7, 7, 7}));
  Counts c = compute_counts(o);
  EXPECT_EQ(c.expected_samples, 3u);
  EXPECT_EQ(c.lost, 0u);
  EXPECT_EQ(c.unexpected, 0u);
  o.stored[0] = series("rw_cmd", {1}, {7});
  c = compute_counts(o);
  EXPECT_EQ(c.lost, 2u);
  o.stored[0] = series("rw_cmd", {1, 2, 3, 4, 5}, {7, 7, 7, 7, 7});
  c = compute_counts(o);
  EXPECT_EQ(c.lost, 0u);
  EXPECT_EQ(c.unexpected, 2u);
}

TEST(ChecksCounts, SilentLossIsLostMinusWhatTheClientReportedDroppedInSamples) {
  Observations o = three_samples_all_stored();
  o.stored.clear();  // all 3 lost
  o.client.read = true;
  Counts c = compute_counts(o);
  EXPECT_EQ(c.silent_loss, 3u);
  EXPECT_EQ(c.client_dropped, 0u);
  EXPECT_EQ(c.client_dropped_unit, "samples");
  o.client.dropped = 2;
  c = compute_counts(o);
  EXPECT_EQ(c.client_dropped, 2u);
  EXPECT_EQ(c.silent_loss, 1u);
  EXPECT_EQ(c.client_dropped_blocks, std::nullopt);  // it counts samples
  o.client.dropped = 50;  // the client drops more than was lost: no silent loss, never negative
  EXPECT_EQ(compute_counts(o).silent_loss, 0u);
}

// vmagent 1.79 counts dropped blocks (vmagent_remotewrite_packets_dropped_total): a block holds any
// number of samples, so it is never subtracted from lost samples.
TEST(ChecksCounts, DroppedBlocksAreNoSampleCount) {
  Observations o = three_samples_all_stored();
  o.stored.clear();  // all 3 lost
  o.client.read = true;
  o.client.dropped_unit = DropUnit::blocks;
  o.client.dropped = 2;
  Counts c = compute_counts(o);
  EXPECT_EQ(c.client_dropped_unit, "blocks");
  EXPECT_EQ(c.client_dropped_blocks, 2u);
  EXPECT_EQ(c.client_dropped, std::nullopt);
  EXPECT_EQ(c.silent_loss, std::nullopt);  // how many of the 3 the 2 blocks held is unknown
  EXPECT_EQ(c.unknown.at("silent_loss"), "the client reported 2 dropped blocks, not how many of the 3 lost samples they held");
  const nlohmann::json json = c;
  EXPECT_TRUE(json.at("silent_loss").is_null());
  EXPECT_TRUE(json.at("client_dropped").is_null());
  // No block reported: every lost sample is silent, a sample count after all.
  o.client.dropped = 0;
  EXPECT_EQ(compute_counts(o).silent_loss, 3u);
  o.client.dropped = 1;  // one block, one sample: the words agree
  o.stored = {series("rw_counter", {1000, 2000}, {1, 2})};  // 1 lost
  EXPECT_EQ(compute_counts(o).unknown.at("silent_loss"),
            "the client reported 1 dropped block, not how many of the 1 lost sample it held");
  // Nothing lost: nothing silent, whatever was reported.
  o = three_samples_all_stored();
  o.client.read = true;
  o.client.dropped_unit = DropUnit::blocks;
  o.client.dropped = 4;
  EXPECT_EQ(compute_counts(o).silent_loss, 0u);
}

TEST(ChecksCounts, UnreadClientMetricsLeaveDropsAndSilentLossUnknown) {
  Observations o = three_samples_all_stored();
  o.client.read = false;
  Counts c = compute_counts(o);
  EXPECT_EQ(c.client_dropped, std::nullopt);
  EXPECT_EQ(c.silent_loss, 0u);  // nothing lost
  o.stored.clear();
  c = compute_counts(o);
  EXPECT_EQ(c.silent_loss, std::nullopt);
  EXPECT_EQ(c.client_dropped_unit, "");
  EXPECT_EQ(c.unknown.at("silent_loss"), "3 samples lost and the client's metrics could not be read");
}

TEST(ChecksCounts, DuplicatedAllSeriesSumsTheLedgersDuplicateSamples) {
  Observations o;
  o.ledger = {request(1, "a", 0), request(2, "b", 100)};
  EXPECT_EQ(compute_counts(o).duplicated_all_series, 0u);
  o.ledger[1].duplicate_samples = 7;
  EXPECT_EQ(compute_counts(o).duplicated_all_series, 7u);
}

TEST(ChecksCounts, RecoveredAllSeriesIsCommittedButAnsweredWithAFault) {
  Observations o;
  o.ledger = {request(1, "a", 0), request(2, "b", 100, 503)};
  EXPECT_EQ(compute_counts(o).recovered_all_series, 0u);  // 503 without commit: not recovered
  o.ledger[1].committed = true;                           // commit: true, then 503
  o.ledger.push_back(request(3, "c", 200, 0, faults::Outcome::close_rst));
  o.ledger[2].committed = true;
  o.ledger[2].samples = 4;
  EXPECT_EQ(compute_counts(o).recovered_all_series, 14u);
}

TEST(ChecksCounts, RequestsConnectionsAndFaultsInjected) {
  Observations o;
  o.ledger = {request(1, "a", 0), request(2, "b", 100)};
  Counts c = compute_counts(o);
  EXPECT_EQ(c.requests, 2u);
  EXPECT_EQ(c.connections, 1u);
  EXPECT_EQ(c.faults_injected, 0u);
  o.ledger[1].conn = 2;
  o.ledger[1].fault = "respond";
  c = compute_counts(o);
  EXPECT_EQ(c.connections, 2u);
  EXPECT_EQ(c.faults_injected, 1u);
  // Refused and idle-closed connections carried no request: they come from the upstream's stats.
  o.faults_by_action =
      faults_by_action(nlohmann::json::parse(R"({"faults_injected":{"refuse":6,"respond":1,"idle_close":2}})"));
  c = compute_counts(o);
  EXPECT_EQ(c.refused_connections, 6u);
  EXPECT_EQ(c.idle_closed_connections, 2u);
  EXPECT_EQ(c.faults_injected, 9u);
  EXPECT_EQ(c.connections, 2u);
  EXPECT_TRUE(faults_by_action(nlohmann::json::parse(R"({"requests":3})")).empty());
}

TEST(ChecksCounts, RetriesAreRepeatedHashesWithArrivalIntervals) {
  Observations o;
  o.ledger = {request(1, "a", 1000, 503), request(2, "b", 1100), request(3, "a", 1500, 503), request(4, "a", 2500)};
  Counts c = compute_counts(o);
  EXPECT_EQ(c.retries, 2u);
  EXPECT_EQ(c.retry_intervals_ms, (std::vector<double>{500, 1000}));
  EXPECT_EQ(c.retried_5xx, 2u);
  EXPECT_EQ(c.max_attempts, 3u);
  // Undecodable requests (empty hash) are never retries of each other.
  o.ledger = {request(1, "", 0, 400), request(2, "", 10, 400)};
  c = compute_counts(o);
  EXPECT_EQ(c.retries, 0u);
  EXPECT_TRUE(c.retry_intervals_ms.empty());
  EXPECT_EQ(c.max_attempts, 0u);
}

TEST(ChecksCounts, LedgerOrderIsByIdNotByVectorOrder) {
  Observations o;
  o.ledger = {request(2, "a", 1700), request(1, "a", 1000, 503)};
  const Counts c = compute_counts(o);
  EXPECT_EQ(c.retry_intervals_ms, (std::vector<double>{700}));
  EXPECT_EQ(c.retried_5xx, 1u);
}

TEST(ChecksCounts, RetryCausesAreClassifiedByThePreviousAttempt) {
  Observations o;
  o.ledger = {request(1, "a", 0, 400), request(2, "a", 10),          // after 400: non-conformant
              request(3, "b", 20, 429), request(4, "b", 30),         // after 429: allowed
              request(5, "c", 40, 0, faults::Outcome::close_fin), request(6, "c", 50)};  // after no answer
  const Counts c = compute_counts(o);
  EXPECT_EQ(c.retries, 3u);
  EXPECT_EQ(c.retried_4xx, 1u);
  EXPECT_EQ(c.retried_429, 1u);
  EXPECT_EQ(c.retried_no_response, 1u);
  EXPECT_EQ(c.retried_5xx, 0u);
  o.ledger = {request(1, "a", 0, 503), request(2, "a", 10)};
  const Counts after_503 = compute_counts(o);
  EXPECT_EQ(after_503.retried_4xx, 0u);
  EXPECT_EQ(after_503.retried_429, 0u);
  EXPECT_EQ(after_503.retried_no_response, 0u);
  EXPECT_EQ(after_503.retried_5xx, 1u);
}

TEST(ChecksCounts, BackoffGrowthIsLastOverFirstIntervalOfTheLongestChain) {
  Observations o;
  o.ledger = {request(1, "a", 0, 503), request(2, "a", 100, 503), request(3, "a", 300, 503), request(4, "a", 700)};
  EXPECT_DOUBLE_EQ(compute_counts(o).backoff_growth, 4.0);  // 100, 200, 400
  o.ledger = {request(1, "a", 0, 503), request(2, "a", 100, 503), request(3, "a", 200, 503), request(4, "a", 300)};
  EXPECT_DOUBLE_EQ(compute_counts(o).backoff_growth, 1.0);  // constant: no growth
  o.ledger = {request(1, "a", 0, 503), request(2, "a", 100)};
  EXPECT_DOUBLE_EQ(compute_counts(o).backoff_growth, 0.0);  // one interval: nothing to compare
}

TEST(ChecksCounts, OutOfOrderSumsTheLedger) {
  Observations o;
  o.ledger = {request(1, "a", 0)};
  EXPECT_EQ(compute_counts(o).out_of_order, 0u);
  o.ledger[0].out_of_order = 3;
  EXPECT_EQ(compute_counts(o).out_of_order, 3u);
}

TEST(ChecksCounts, MissingHeadersCountsRequestsLackingARequiredHeaderOrItsValue) {
  Observations o;
  o.ledger = {request(1, "a", 0), request(2, "b", 10), request(3, "c", 20)};
  EXPECT_EQ(compute_counts(o).missing_headers, 0u);
  o.ledger[0].headers.erase("x-prometheus-remote-write-version");
  o.ledger[1].headers["content-encoding"] = "gzip";  // wrong value counts as missing the right one
  o.ledger[2].headers = {{"Content-Encoding", "SNAPPY"}, {"Content-Type", "application/x-protobuf"},
                         {"User-Agent", "x"}, {"X-Prometheus-Remote-Write-Version", "0.1.0"}};  // case-insensitive
  EXPECT_EQ(compute_counts(o).missing_headers, 2u);
}

// The rule's text gives each value: "X-Prometheus-Remote-Write-Version: 0.1.0", and so on.
TEST(ChecksCounts, RequiredHeadersAreCheckedByValue) {
  const auto with = [](const std::string& name, const std::string& value) {
    LedgerRecord r = request(1, "a", 0);
    r.headers[name] = value;
    return r;
  };
  EXPECT_EQ(wrong_headers(request(1, "a", 0)), "");
  EXPECT_EQ(wrong_headers(with("x-prometheus-remote-write-version", "2.0.0")), "x-prometheus-remote-write-version");
  EXPECT_EQ(wrong_headers(with("x-prometheus-remote-write-version", "0.1")), "x-prometheus-remote-write-version");
  EXPECT_EQ(wrong_headers(with("x-prometheus-remote-write-version", "")), "x-prometheus-remote-write-version");
  EXPECT_EQ(wrong_headers(with("user-agent", "")), "user-agent");
  EXPECT_EQ(wrong_headers(with("content-type", "application/json")), "content-type");
  EXPECT_EQ(wrong_headers(with("content-type", "application/x-protobuf-other")), "content-type");
  EXPECT_EQ(wrong_headers(with("content-type", "application/x-protobuf; proto=prometheus.WriteRequest")), "");
  EXPECT_EQ(wrong_headers(with("content-encoding", "snappy-framed")), "content-encoding");
  LedgerRecord none = request(1, "a", 0);
  none.headers.clear();
  EXPECT_EQ(wrong_headers(none), "content-encoding, content-type, user-agent, x-prometheus-remote-write-version");
  Observations o;
  o.ledger = {with("x-prometheus-remote-write-version", "0.1.1"), request(2, "b", 10)};
  EXPECT_EQ(compute_counts(o).missing_headers, 1u);
}

}  // namespace
}  // namespace rwchaos::harness
