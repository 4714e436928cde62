// Every count on synthetic observations, each shown both ways: a run where it is zero/absent and a
// run where it counts exactly what it should.
#include <cmath>
#include <cstring>
#include <limits>

#include <gtest/gtest.h>

#include "harness/checks/compute_counts.hpp"

namespace rwchaos::harness {
namespace {

using faults::LedgerRecord;

LedgerRecord request(std::uint64_t id, const std::string& hash, double at_ms, int status = 204,
                     faults::Outcome outcome = faults::Outcome::response) {
  LedgerRecord r;
  r.id = id;
  r.conn = 1;
  r.conn_index = id;
  r.arrival_unix_ms = at_ms;
  r.hash = hash;
  r.samples = 10;
  r.series = 1;
  r.status = status;
  r.outcome = outcome;
  r.committed = status >= 200 && status < 300;
  r.headers = {{"content-encoding", "snappy"},
               {"content-type", "application/x-protobuf"},
               {"user-agent", "vmalert"},
               {"x-prometheus-remote-write-version", "0.1.0"}};
  return r;
}

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

TEST(ChecksCounts, SilentLossIsLostMinusWhatTheClientReportedDropped) {
  Observations o = three_samples_all_stored();
  o.stored.clear();  // all 3 lost
  Counts c = compute_counts(o);
  EXPECT_EQ(c.silent_loss, 3u);
  EXPECT_EQ(c.client_dropped, 0u);
  o.client.read = true;
  o.client.dropped_samples = 2;
  c = compute_counts(o);
  EXPECT_EQ(c.client_dropped, 2u);
  EXPECT_EQ(c.silent_loss, 1u);
  o.client.dropped_samples = 50;  // the client drops more than was lost: no silent loss, never negative
  EXPECT_EQ(compute_counts(o).silent_loss, 0u);
  o.client.read = false;  // unread metrics are not trusted
  EXPECT_EQ(compute_counts(o).client_dropped, 0u);
}

TEST(ChecksCounts, DuplicatedSumsTheLedgersDuplicateSamples) {
  Observations o;
  o.ledger = {request(1, "a", 0), request(2, "b", 100)};
  EXPECT_EQ(compute_counts(o).duplicated, 0u);
  o.ledger[1].duplicate_samples = 7;
  EXPECT_EQ(compute_counts(o).duplicated, 7u);
}

TEST(ChecksCounts, RecoveredIsCommittedButAnsweredWithAFault) {
  Observations o;
  o.ledger = {request(1, "a", 0), request(2, "b", 100, 503)};
  EXPECT_EQ(compute_counts(o).recovered, 0u);  // 503 without commit: not recovered
  o.ledger[1].committed = true;                // commit: true, then 503
  o.ledger.push_back(request(3, "c", 200, 0, faults::Outcome::close_rst));
  o.ledger[2].committed = true;
  o.ledger[2].samples = 4;
  EXPECT_EQ(compute_counts(o).recovered, 14u);
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
  // Refused connections carried no request: they come from the upstream's stats, not the ledger.
  o.refused_connections = refused_connections(nlohmann::json::parse(R"({"faults_injected":{"refuse":6,"respond":1}})"));
  c = compute_counts(o);
  EXPECT_EQ(c.refused_connections, 6u);
  EXPECT_EQ(c.faults_injected, 7u);
  EXPECT_EQ(c.connections, 2u);
  EXPECT_EQ(refused_connections(nlohmann::json::parse(R"({"requests":3})")), 0u);
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

TEST(ChecksCounts, MissingHeadersCountsRequestsLackingARequiredHeader) {
  Observations o;
  o.ledger = {request(1, "a", 0), request(2, "b", 10), request(3, "c", 20)};
  EXPECT_EQ(compute_counts(o).missing_headers, 0u);
  o.ledger[0].headers.erase("x-prometheus-remote-write-version");
  o.ledger[1].headers["content-encoding"] = "gzip";  // wrong value counts as missing the right one
  o.ledger[2].headers = {{"Content-Encoding", "SNAPPY"}, {"Content-Type", "application/x-protobuf"},
                         {"User-Agent", "x"}, {"X-Prometheus-Remote-Write-Version", "0.1.0"}};  // case-insensitive
  EXPECT_EQ(compute_counts(o).missing_headers, 2u);
}

}  // namespace
}  // namespace rwchaos::harness
