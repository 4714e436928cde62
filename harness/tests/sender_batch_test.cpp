// What the reference sender puts in a request (harness/sender/batch.hpp, scrape_samples.hpp): a
// remote-write 1.0 body the project's codec reads back, labels sorted, each series in order, stale
// markers with the spec's bit pattern, and `rebatch`'s split that keeps every sample once.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>

#include "faults/remotewrite/codec.hpp"
#include "harness/sender/batch.hpp"
#include "harness/sender/scrape_samples.hpp"

namespace rwchaos::harness::sender {
namespace {

std::shared_ptr<const Labels> labels(const std::string& name) {
  return std::make_shared<const Labels>(Labels{{"__name__", name}, {"job", "j"}});
}

std::vector<std::string> names_in(const prometheus::WriteRequest& request) {
  std::vector<std::string> names;
  for (const auto& series : request.timeseries()) names.push_back(series.labels(0).value());
  return names;
}

TEST(SenderBatch, EncodesOneSeriesPerLabelSetInFirstSeenOrderWithItsSamplesInOrder) {
  const auto a = labels("a");
  const auto b = labels("b");
  const Batch batch = {{a, 1, 1000}, {b, 5, 1000}, {labels("a"), 2, 2000}, {b, 6, 2000}};
  const auto decoded = remotewrite::decode(encode_batch(batch));
  ASSERT_TRUE(decoded) << decoded.error->message;
  EXPECT_EQ(decoded.series, 2u);
  EXPECT_EQ(decoded.samples, 4u);
  EXPECT_EQ(names_in(decoded.request), (std::vector<std::string>{"a", "b"}));
  const auto& first = decoded.request.timeseries(0);
  ASSERT_EQ(first.samples_size(), 2);
  EXPECT_EQ(first.samples(0).timestamp(), 1000);
  EXPECT_EQ(first.samples(1).value(), 2);
  EXPECT_EQ(series_count(batch), 2u);
}

TEST(SenderBatch, StaleMarkerIsTheSpecsNaN) {
  EXPECT_TRUE(std::isnan(stale_marker()));
  EXPECT_EQ(std::bit_cast<std::uint64_t>(stale_marker()), 0x7ff0000000000002ULL);
}

TEST(SenderBatch, SplitKeepsEverySampleOnceAndEachSeriesInOrder) {
  const auto a = labels("a"), b = labels("b"), c = labels("c");
  const Batch three = {{a, 1, 1}, {b, 2, 1}, {c, 3, 1}, {a, 4, 2}};
  const auto [first, second] = split_batch(three);
  EXPECT_EQ(series_count(first), 1u);  // a
  EXPECT_EQ(series_count(second), 2u);  // b, c
  EXPECT_EQ(first.size() + second.size(), three.size());
  EXPECT_EQ(first[1].value, 4);

  const Batch one_series = {{a, 1, 1}, {a, 2, 2}, {a, 3, 3}};
  const auto [older, newer] = split_batch(one_series);
  ASSERT_EQ(older.size(), 1u);
  ASSERT_EQ(newer.size(), 2u);
  EXPECT_LT(older[0].timestamp_ms, newer[0].timestamp_ms);

  const auto [whole, empty] = split_batch({{a, 1, 1}});
  EXPECT_EQ(whole.size(), 1u);
  EXPECT_TRUE(empty.empty());
}

TEST(SenderScrapeSamples, ScrapedSeriesGetTheTargetLabelsSortedAndThreeScrapeSeries) {
  ScrapeSamples scrape("rwchaos", "127.0.0.1:9");
  const Batch batch = scrape.of_scrape(
      "# TYPE x counter\nrwchaos_generated_total 7\nwith_labels{zone=\"a\\\"b\",job=\"theirs\",empty=\"\"} 2\n", 0.25,
      5000);
  ASSERT_EQ(batch.size(), 5u);
  std::map<std::string, const Sample*> by_name;
  for (const auto& sample : batch) {
    EXPECT_TRUE(std::is_sorted(sample.series->begin(), sample.series->end()));
    EXPECT_EQ(sample.timestamp_ms, 5000);
    by_name[sample.series->front().second] = &sample;
  }
  ASSERT_TRUE(by_name.count("rwchaos_generated_total"));
  EXPECT_EQ(by_name["rwchaos_generated_total"]->value, 7);
  EXPECT_EQ(*by_name["rwchaos_generated_total"]->series,
            (Labels{{"__name__", "rwchaos_generated_total"}, {"instance", "127.0.0.1:9"}, {"job", "rwchaos"}}));
  EXPECT_EQ(*by_name["with_labels"]->series, (Labels{{"__name__", "with_labels"},
                                                     {"exported_job", "theirs"},
                                                     {"instance", "127.0.0.1:9"},
                                                     {"job", "rwchaos"},
                                                     {"zone", "a\"b"}}));
  EXPECT_EQ(by_name["up"]->value, 1);
  EXPECT_EQ(by_name["scrape_duration_seconds"]->value, 0.25);
  EXPECT_EQ(by_name["scrape_samples_scraped"]->value, 2);
}

TEST(SenderScrapeSamples, AFailedScrapeMarksTheLastSeriesStaleOnceAndWritesUpZero) {
  ScrapeSamples scrape("rwchaos", "127.0.0.1:9");
  (void)scrape.of_scrape("rwchaos_generated_total 1\n", 0.1, 1000);
  const Batch failed = scrape.of_scrape(std::nullopt, 0.1, 2000);
  ASSERT_EQ(failed.size(), 4u);
  EXPECT_EQ(failed[0].series->front().second, "rwchaos_generated_total");
  EXPECT_EQ(std::bit_cast<std::uint64_t>(failed[0].value), 0x7ff0000000000002ULL);
  EXPECT_EQ(failed[1].series->front().second, "up");
  EXPECT_EQ(failed[1].value, 0);
  EXPECT_EQ(scrape.of_scrape(std::nullopt, 0.1, 3000).size(), 3u) << "stale once, not on every failed scrape";
}

TEST(SenderScrapeSamples, SeriesKeysParseOrAreRefused) {
  EXPECT_EQ(labels_of_series_key("up"), (Labels{{"__name__", "up"}}));
  EXPECT_EQ(labels_of_series_key("m{b=\"2\",a=\"x\\\\y\\n\"}"), (Labels{{"__name__", "m"}, {"a", "x\\y\n"}, {"b", "2"}}));
  for (const char* bad : {"{a=\"1\"}", "m{a=1}", "m{a=\"1\"", "m{=\"1\"}"})
    EXPECT_FALSE(labels_of_series_key(bad)) << bad;
}

}  // namespace
}  // namespace rwchaos::harness::sender
