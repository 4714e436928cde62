// Retries told by sample identity (series + timestamp), whatever the batching: each count both ways
// on synthetic ledgers, including a sender that re-batches a failed request over new requests.
#include <gtest/gtest.h>

#include "harness/checks/compute_counts.hpp"
#include "harness/checks/offers.hpp"
#include "harness/checks/retry_accounting.hpp"
#include "harness/tests/ledger_support.hpp"

namespace rwchaos::harness {
namespace {

using testing::listed;
using testing::offering;
using testing::request;

Counts counts_of(std::vector<faults::LedgerRecord> ledger) {
  Observations o;
  o.ledger = std::move(ledger);
  return compute_counts(o);
}

TEST(ChecksRetries, ARebatchedRetryIsARetryOfTheFailedRequest) {
  // Four samples answered 503, then re-sent split over two requests with new samples beside them.
  const Counts c = counts_of({offering(1, 1000, 503, {listed("m", "", {1, 2, 3, 4})}),
                              offering(2, 1600, 204, {listed("m", "", {1, 2, 5})}),
                              offering(3, 1700, 204, {listed("m", "", {3, 4})})});
  EXPECT_EQ(c.retries, 2u);
  EXPECT_EQ(c.retry_intervals_ms, (std::vector<double>{600, 700}));  // both from the failed attempt
  EXPECT_EQ(c.retried_5xx, 2u);
  EXPECT_EQ(c.max_attempts, 2u);
}

TEST(ChecksRetries, FreshSamplesAreNoRetryEvenWithTheSameTimestamp) {
  // Another series at the same timestamp, or the same series at another: new samples.
  const Counts c = counts_of({offering(1, 0, 503, {listed("m", "s=\"1\"", {1000})}),
                              offering(2, 10, 204, {listed("m", "s=\"2\"", {1000})}),
                              offering(3, 20, 204, {listed("m", "s=\"1\"", {2000})})});
  EXPECT_EQ(c.retries, 0u);
  EXPECT_TRUE(c.retry_intervals_ms.empty());
  EXPECT_EQ(c.max_attempts, 1u);
}

TEST(ChecksRetries, IntervalAndCauseComeFromTheLatestEarlierAttemptOfAnyOfItsSamples) {
  // Sample 1 failed with a 503 at 0, sample 2 with a 429 at 100; one request retries both at 500.
  const Counts c = counts_of({offering(1, 0, 503, {listed("m", "", {1})}), offering(2, 100, 429, {listed("m", "", {2})}),
                              offering(3, 500, 204, {listed("m", "", {1, 2})})});
  EXPECT_EQ(c.retries, 1u);
  EXPECT_EQ(c.retry_intervals_ms, (std::vector<double>{400}));
  EXPECT_EQ(c.retried_429, 1u);
  EXPECT_EQ(c.retried_5xx, 0u);
}

TEST(ChecksRetries, MaxAttemptsAndBackoffGrowthFollowOneSampleAcrossBatches) {
  // Sample 1 is offered in requests 1, 2 and 4: three attempts, intervals 100 then 400.
  const Counts c = counts_of({offering(1, 0, 503, {listed("m", "", {1, 2})}), offering(2, 100, 503, {listed("m", "", {1})}),
                              offering(3, 150, 204, {listed("m", "", {2})}), offering(4, 500, 204, {listed("m", "", {1})})});
  EXPECT_EQ(c.max_attempts, 3u);
  EXPECT_DOUBLE_EQ(c.backoff_growth, 4.0);
  EXPECT_EQ(c.retries, 3u);
  EXPECT_EQ(c.retry_intervals_ms, (std::vector<double>{100, 150, 400}));
}

TEST(ChecksRetries, APayloadWithoutSamplesIsToldByItsHash) {
  // Metadata-only requests list no samples: the same bytes again are a retry, other bytes are not.
  auto metadata = [](std::uint64_t id, const std::string& hash, double at, int status) {
    faults::LedgerRecord r = request(id, hash, at, status);
    r.samples = 0;
    return r;
  };
  EXPECT_EQ(counts_of({metadata(1, "aa", 0, 503), metadata(2, "aa", 300, 204)}).retries, 1u);
  EXPECT_EQ(counts_of({metadata(1, "aa", 0, 503), metadata(2, "bb", 300, 204)}).retries, 0u);
}

TEST(ChecksRetries, PreviousAttemptsAreTheRequestsCountedAsRetries) {
  const std::vector<faults::LedgerRecord> ledger = {offering(3, 1700, 204, {listed("m", "", {3, 4})}),
                                                    offering(1, 1000, 503, {listed("m", "", {1, 2, 3, 4})}),
                                                    offering(2, 1600, 204, {listed("m", "", {5})})};
  EXPECT_EQ(previous_attempts(ledger), (std::map<std::uint64_t, std::uint64_t>{{3, 1}}));
}

TEST(ChecksOffers, EverySampleAcknowledgedInWhateverRequest) {
  // The failed payload's bytes never come back, but each of its samples is answered 2xx in another request.
  std::vector<faults::LedgerRecord> ledger = {offering(1, 0, 503, {listed("m", "", {1, 2})}),
                                              offering(2, 10, 204, {listed("m", "", {1})}),
                                              offering(3, 20, 204, {listed("m", "", {2, 3})})};
  EXPECT_TRUE(every_offer_acknowledged(ledger));
  ledger.pop_back();  // sample 2 was never answered 2xx
  EXPECT_FALSE(every_offer_acknowledged(ledger));
  ledger.push_back(offering(3, 20, 0, {listed("m", "", {2})}, faults::Outcome::in_flight));
  EXPECT_FALSE(every_offer_acknowledged(ledger));  // in flight: not answered yet
  ledger.back() = offering(3, 20, 204, {listed("m", "", {2})});
  EXPECT_TRUE(every_offer_acknowledged(ledger));
}

TEST(ChecksOffers, UndecodableRequestsOfferNothing) {
  EXPECT_TRUE(offer_keys(request(1, "", 0, 400)).empty());
  EXPECT_TRUE(every_offer_acknowledged({request(1, "", 0, 400)}));
  EXPECT_EQ(offer_keys(offering(1, 0, 204, {listed("m", "", {1, 2}), listed("n", "", {1})})).size(), 4u);  // payload + 3
}

}  // namespace
}  // namespace rwchaos::harness
