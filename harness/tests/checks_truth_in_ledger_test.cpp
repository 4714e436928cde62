// duplicated and recovered count ground-truth samples, as lost does, so one bound means one thing for
// every client (vmagent's re-sent block carries 7 series, Prometheus' 6, vmalert's 1); the rest is
// under *_all_series. Stale markers of the series the generator stopped. Each both ways.
#include <gtest/gtest.h>

#include "harness/checks/compute_counts.hpp"
#include "harness/tests/ledger_support.hpp"

namespace rwchaos::harness {
namespace {

using testing::listed;
using testing::offering;

// A scrape's request: the ground-truth counter and two of the scraper's own series, at `t`.
std::vector<faults::SeriesSamples> scrape(std::int64_t t) {
  return {listed("rw_counter", "job=\"g\"", {t}), listed("up", "job=\"g\"", {t}),
          listed("scrape_duration_seconds", "job=\"g\"", {t})};
}

Observations with_truth(std::vector<faults::LedgerRecord> ledger) {
  Observations o;
  o.expected.values["rw_counter"] = {1, 2};
  o.ledger = std::move(ledger);
  return o;
}

TEST(ChecksTruthInLedger, DuplicatedCountsGroundTruthSamplesOnly) {
  // Committed, answered 503 (an Envoy 503 UC after commit), re-sent and committed again.
  auto first = offering(1, 0, 503, scrape(1000));
  first.committed = true;
  auto again = offering(2, 1000, 204, scrape(1000));
  again.duplicate_samples = 3;  // what the upstream counted: every series of the request
  Counts c = compute_counts(with_truth({first, again}));
  EXPECT_EQ(c.duplicated, 1u);
  EXPECT_EQ(c.duplicated_all_series, 3u);
  EXPECT_EQ(c.recovered, 1u);
  EXPECT_EQ(c.recovered_all_series, 3u);
  // Not committed the first time: nothing duplicated, nothing recovered.
  first.committed = false;
  again.duplicate_samples = 0;
  c = compute_counts(with_truth({first, again}));
  EXPECT_EQ(c.duplicated, 0u);
  EXPECT_EQ(c.recovered, 0u);
  EXPECT_EQ(c.recovered_all_series, 0u);
}

TEST(ChecksTruthInLedger, DuplicatedIsTheSameForARebatchedResend) {
  auto first = offering(1, 0, 503, {listed("rw_counter", "", {1000, 2000})});
  first.committed = true;
  const Counts c = compute_counts(with_truth({first, offering(2, 500, 204, {listed("rw_counter", "", {1000})}),
                                              offering(3, 600, 204, {listed("rw_counter", "", {2000, 3000})})}));
  EXPECT_EQ(c.duplicated, 2u);
  EXPECT_EQ(c.recovered, 2u);
}

TEST(ChecksTruthInLedger, ALedgerWithoutSampleListsLeavesThemUnknown) {
  Observations o = with_truth({testing::request(1, "a", 0)});  // 10 samples, none listed
  const Counts c = compute_counts(o);
  EXPECT_EQ(c.duplicated, std::nullopt);
  EXPECT_EQ(c.recovered, std::nullopt);
  EXPECT_NE(c.unknown.at("duplicated").find("--ledger-samples"), std::string::npos);
  // A ledger with no samples at all has nothing to list: 0, not unknown.
  o.ledger[0].samples = 0;
  EXPECT_EQ(compute_counts(o).duplicated, 0u);
}

Observations stopping(std::vector<faults::LedgerRecord> ledger) {
  Observations o = with_truth(std::move(ledger));
  o.expected.stopped = {{"rw_counter", "series=\"stopping\""}};
  o.expected.frozen_unix_ms = 10'000;
  return o;
}

TEST(ChecksTruthInLedger, AStoppedSeriesIsMarkedByAStaleMarkerAfterItsLastSample) {
  const auto kept = listed("rw_counter", "", {1000, 2000, 3000});
  const auto stopped = listed("rw_counter", "series=\"stopping\"", {1000, 2000});
  Counts c = compute_counts(stopping({offering(1, 0, 204, {kept, stopped})}));
  EXPECT_EQ(c.stopped_series, 1u);
  EXPECT_EQ(c.stale_marked_series, 0u);  // never marked
  const auto marker = listed("rw_counter", "series=\"stopping\"", {3000}, {3000});
  c = compute_counts(stopping({offering(1, 0, 204, {kept, stopped}), offering(2, 10, 204, {marker})}));
  EXPECT_EQ(c.stale_marked_series, 1u);
}

TEST(ChecksTruthInLedger, OnlyAMarkerBeforeTheFreezeAndOfThatSeriesCounts) {
  const auto stopped = listed("rw_counter", "series=\"stopping\"", {1000, 2000});
  // At the freeze every scrape fails and every series is marked: that marker proves nothing.
  const auto at_freeze = listed("rw_counter", "series=\"stopping\"", {10'500}, {10'500});
  EXPECT_EQ(compute_counts(stopping({offering(1, 0, 204, {stopped, at_freeze})})).stale_marked_series, 0u);
  // A marker of another series, or one older than the series' last sample, is not its end.
  const auto other = listed("rw_counter", "series=\"stoppingx\"", {3000}, {3000});
  const auto older = listed("rw_counter", "series=\"stopping\"", {1500}, {1500});
  EXPECT_EQ(compute_counts(stopping({offering(1, 0, 204, {stopped, other, older})})).stale_marked_series, 0u);
}

}  // namespace
}  // namespace rwchaos::harness
