// SampleBook: duplicates and out-of-order samples counted per (series, timestamp), whichever way
// a sample was kept (appended in order, moved in near the end, or in the out-of-order set).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "faults/ledger/sample_book.hpp"
#include "faults/remotewrite/codec.hpp"

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
