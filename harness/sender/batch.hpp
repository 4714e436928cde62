#pragma once
// What the reference sender queues and sends: samples in the order they were scraped, and the
// remote-write 1.0 body of a batch of them.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace rwchaos::harness::sender {

// A series' labels, sorted by name (remote-write 1.0 "Labels": MUST be sorted), __name__ included.
using Labels = std::vector<std::pair<std::string, std::string>>;

struct Sample {
  std::shared_ptr<const Labels> series;
  double value = 0;
  std::int64_t timestamp_ms = 0;
};

// Samples in queue order: per series, in timestamp order.
using Batch = std::vector<Sample>;

// The special NaN remote-write 1.0 "Stale Markers" names: 0x7ff0000000000002.
double stale_marker();

// How many distinct series a batch holds.
std::size_t series_count(const Batch& batch);

// The snappy-compressed WriteRequest: one TimeSeries per series, in the order each first appears,
// holding that series' samples in batch order.
std::string encode_batch(const Batch& batch);

// `rebatch`: the batch as two new ones, sent one after the other. Several series split by series
// (the first half of them, then the rest); one series split by samples, older half first. Either
// way each series keeps its order. A single sample cannot split: it comes back whole, second empty.
std::pair<Batch, Batch> split_batch(const Batch& batch);

}  // namespace rwchaos::harness::sender
