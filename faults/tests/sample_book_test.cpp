// SampleBook: duplicates and out-of-order samples counted per (series, timestamp), whichever way
// a sample was kept (appended in order, moved in near the end, or in the out-of-order set).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "faults/ledger/sample_book.hpp"
#include "faults/remotewrite/codec.hpp"

#include <nlohmann/json.hpp>

namespace rw = rwchaos::remotewrite;
using rwchaos::faults::ledger::SampleBook;
using rwchaos::faults::ledger::SampleCounts;

namespace {

// One series (labels given in any order) with the given timestamps.
SampleCounts commit(SampleBook& book, const std::vector<std::int64_t>& timestamps, bool reversed_labels = false) {
  prometheus::WriteRequest request;
  auto* series = request.add_timeseries();
  auto add = [&](const char* name, const char* value) {
    auto* label = series->add_labels();
    label->set_name(name);
    label->set_value(value);
  };
  if (reversed_labels) {
    add("job", "unit");
    add("__name__", "m");
  } else {
    add("__name__", "m");
    add("job", "unit");
  }
  for (auto ts : timestamps) series->add_samples()->set_timestamp(ts);
  const std::string payload = request.SerializeAsString();
  rw::WriteRequestView view;
  EXPECT_TRUE(rw::read_write_request(payload, view));
  return book.commit(view);
}

std::vector<std::int64_t> range(std::int64_t from, std::int64_t to) {
  std::vector<std::int64_t> out;
  for (auto ts = from; ts < to; ++ts) out.push_back(ts);
  return out;
}

}  // namespace

TEST(SampleBook, CountsDuplicatesAndOutOfOrderWhereverKept) {
  SampleBook book(false);
  auto counts = commit(book, range(1000, 2000));
  EXPECT_EQ(counts.samples, 1000u);
  EXPECT_EQ(counts.duplicates, 0u);
  EXPECT_EQ(counts.out_of_order, 0u);

  // 2000 is new and in order; 1995 and 1990 were committed; 500..504 are new but far back (the set).
  counts = commit(book, {2000, 1995, 1990, 500, 501, 502, 503, 504});
  EXPECT_EQ(counts.duplicates, 2u);  // 1995 and 1990 were committed
  EXPECT_EQ(counts.out_of_order, 5u);  // 500..504
  counts = commit(book, {1999, 1500, 999, 998});
  EXPECT_EQ(counts.duplicates, 2u);  // 1999, 1500
  EXPECT_EQ(counts.out_of_order, 2u);

  // Everything again, in reverse and with the labels in another order: all duplicates.
  std::vector<std::int64_t> all = range(1000, 2001);
  for (auto ts : {500, 501, 502, 503, 504, 999, 998}) all.push_back(ts);
  std::reverse(all.begin(), all.end());
  counts = commit(book, all, true);
  EXPECT_EQ(counts.samples, all.size());
  EXPECT_EQ(counts.duplicates, all.size());
  EXPECT_EQ(book.unique_samples(), all.size());
}

TEST(SampleBook, SlightlyReorderedRequestsAreNewOnceThenDuplicates) {
  SampleBook book(false);
  // Requests of 10 samples, committed 2,1,4,3,...: half of them arrive late.
  std::uint64_t out_of_order = 0;
  for (int r = 0; r < 100; r += 2) {
    for (int k : {r + 1, r}) out_of_order += commit(book, range(k * 10, k * 10 + 10)).out_of_order;
  }
  EXPECT_EQ(out_of_order, 500u);
  EXPECT_EQ(book.unique_samples(), 1000u);
  EXPECT_EQ(commit(book, range(0, 1000)).duplicates, 1000u);
  EXPECT_EQ(commit(book, {1000}).duplicates, 0u);
  EXPECT_LE(static_cast<double>(book.memory_bytes()) / 1001.0, 32.0);
}

// Against a plain model (a set per series, processed sample by sample): 4,000 seeded random
// requests over 40 series (spread over every shard) mixing in-order runs, slightly late samples
// (merged near the end), far older ones (the hash set), repeats within a request and across
// requests. Counts, unique totals and the export must agree exactly.
TEST(SampleBook, AgreesWithAPlainModelOnRandomRequests) {
  SampleBook book(true);
  std::map<std::string, std::map<std::int64_t, double>> model;  // series -> ts -> first value
  std::map<std::string, std::int64_t> newest;
  std::mt19937_64 random(20261123);
  std::uint64_t model_unique = 0;
  std::vector<std::int64_t> next(40, 1'000'000);
  for (int r = 0; r < 4000; ++r) {
    prometheus::WriteRequest request;
    SampleCounts expected;
    for (int s = 0; s < 3; ++s) {
      const int id = static_cast<int>(random() % next.size());
      const std::string name = "series_" + std::to_string(id);
      auto* series = request.add_timeseries();
      auto* label = series->add_labels();
      label->set_name("__name__");
      label->set_value(name);
      const int count = 1 + static_cast<int>(random() % 12);
      for (int i = 0; i < count; ++i) {
        std::int64_t ts;
        switch (random() % 6) {
          case 0: ts = next[id] - static_cast<std::int64_t>(random() % 40); break;     // slightly late
          case 1: ts = next[id] - static_cast<std::int64_t>(random() % 3000); break;   // far back
          case 2: ts = next[id] - 1; break;                                            // a repeat, likely
          default: ts = next[id] += 1 + static_cast<std::int64_t>(random() % 3); break; // in order
        }
        const double value = static_cast<double>(random() % 1000);
        auto* sample = series->add_samples();
        sample->set_timestamp(ts);
        sample->set_value(value);
        ++expected.samples;
        auto& times = model[name];
        if (times.count(ts)) {
          ++expected.duplicates;
          continue;
        }
        if (newest.count(name) && ts < newest[name]) ++expected.out_of_order;
        times[ts] = value;
        newest[name] = std::max(newest.count(name) ? newest[name] : ts, ts);
        ++model_unique;
      }
    }
    const std::string payload = request.SerializeAsString();
    rw::WriteRequestView view;
    ASSERT_TRUE(rw::read_write_request(payload, view));
    const SampleCounts got = book.commit(view);
    ASSERT_EQ(got.samples, expected.samples) << "request " << r;
    ASSERT_EQ(got.duplicates, expected.duplicates) << "request " << r;
    ASSERT_EQ(got.out_of_order, expected.out_of_order) << "request " << r;
  }
  EXPECT_EQ(book.unique_samples(), model_unique);

  // The export: every series once, in key order, its unique samples by timestamp with the first value.
  std::istringstream lines(book.export_jsonl());
  std::vector<std::string> names;
  for (std::string line; std::getline(lines, line);) {
    const auto json = nlohmann::json::parse(line);
    const std::string name = json["metric"]["__name__"];
    names.push_back(name);
    const auto& times = model.at(name);
    ASSERT_EQ(json["timestamps"].size(), times.size()) << name;
    std::size_t i = 0;
    for (const auto& [ts, value] : times) {
      ASSERT_EQ(json["timestamps"][i].get<std::int64_t>(), ts) << name;
      ASSERT_EQ(json["values"][i].get<double>(), value) << name;
      ++i;
    }
  }
  EXPECT_EQ(names.size(), model.size());
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

// A late timestamp repeated in the same request after newer samples were appended is still a
// duplicate: the near-or-far choice must not change within a request.
TEST(SampleBook, RepeatAfterNewerSamplesInOneRequestIsADuplicate) {
  SampleBook book(false);
  std::vector<std::int64_t> first = range(1, 301);
  first.erase(first.begin() + 49);  // no 50
  EXPECT_EQ(commit(book, first).duplicates, 0u);
  std::vector<std::int64_t> request{50};
  for (std::int64_t ts = 301; ts <= 310; ++ts) request.push_back(ts);
  request.push_back(50);
  const SampleCounts counts = commit(book, request);
  EXPECT_EQ(counts.duplicates, 1u);
  EXPECT_EQ(counts.out_of_order, 1u);
  EXPECT_EQ(book.unique_samples(), 310u);
}
