#pragma once
// Per-series sample bookkeeping of committed requests: a sample (series, timestamp) committed a
// second time is a duplicate; one older than its series' newest committed sample is out of order.
// A series is its canonical label key (remotewrite::series_key), identified by the key's hash64.
#include <cstdint>
#include <mutex>
#include <string>
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

class SampleBook {
 public:
  explicit SampleBook(bool keep_samples) : keep_samples_(keep_samples) {}
  // Thread-safe. With keep_samples, new samples also go to the in-memory store.
  SampleCounts commit(const remotewrite::WriteRequestView& request);
  std::string export_jsonl() const;
  std::size_t memory_bytes() const;
  std::uint64_t unique_samples() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  bool keep_samples_;
  // Senders mostly send a series' samples in time order: those are appended to `in_order` (so its
  // last element is the series' newest timestamp) and found by binary search, which touches memory
  // sequentially. The rest (older than the newest, not a duplicate) are moved into `in_order` when
  // they belong near its end, else go to `out_of_order_`.
  static constexpr std::uint32_t no_series = ~std::uint32_t{0};
  struct SeriesState {
    std::vector<std::int64_t> in_order;         // ascending
    std::uint32_t stored = no_series;           // its id in store_, with keep_samples
  };
  // true if (series, timestamp) was not committed before; `out_of_order` says it is older than the newest.
  bool insert(SeriesState& series, std::uint64_t series_hash, std::int64_t timestamp, bool& out_of_order);
  SampleSet out_of_order_;                                  // keys of (series hash, timestamp)
  std::uint64_t unique_ = 0;
  std::unordered_map<std::uint64_t, SeriesState> series_;  // by series hash
  MemoryStore store_;
};

}  // namespace rwchaos::faults::ledger
