#pragma once
// One shard of the sample book: per series, which timestamps were committed. A sample (series,
// timestamp) committed a second time is a duplicate; one older than its series' newest committed
// sample is out of order.
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "faults/ledger/memory_store.hpp"
#include "faults/ledger/sample_set.hpp"
#include "wire_reader.hpp"

namespace rwchaos::faults::ledger {

struct SampleCounts {
  std::uint64_t samples = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t out_of_order = 0;
};

class SeriesTimes {
 public:
  static constexpr std::uint32_t no_series = ~std::uint32_t{0};
  // Senders mostly send a series' samples in time order: those are appended to `in_order` (so its
  // last element is the series' newest timestamp) and found by a search galloping back from the
  // end, which touches the memory near the end first. The rest (older than the newest, not a duplicate) are merged into `in_order`
  // when they belong near its end, else go to `far_out_of_order_`.
  struct Series {
    std::vector<std::int64_t> in_order;  // ascending
    std::uint32_t stored = no_series;    // its id in `store`, when samples are kept
  };

  Series& series(std::uint64_t series_hash) { return series_[series_hash]; }
  // Books one series' samples of a request; the new ones go to `store` when it is given.
  void commit(Series& series, std::uint64_t series_hash, std::span<const remotewrite::SampleView> samples,
              MemoryStore* store, SampleCounts& counts);
  std::size_t memory_bytes() const;
  std::uint64_t unique_samples() const { return unique_; }
  void clear();

 private:
  SampleSet far_out_of_order_;  // keys of (series hash, timestamp)
  std::unordered_map<std::uint64_t, Series> series_;  // by series hash
  std::uint64_t unique_ = 0;
  std::vector<remotewrite::SampleView> late_;  // scratch: this series' samples to merge near the end
};

}  // namespace rwchaos::faults::ledger
