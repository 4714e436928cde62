#pragma once
// Per-series sample bookkeeping of committed requests (duplicates, out of order) and, with no
// --forward, the in-memory store behind GET /export. A series is identified by the hash of its
// labels' canonical encoding (remotewrite::series_hash). Series are spread over shards by
// hash, each with its own lock, so parallel commits only wait for each other on the same shard.
#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "faults/ledger/memory_store.hpp"
#include "faults/ledger/series_times.hpp"
#include "wire_reader.hpp"

namespace rwchaos::faults::ledger {

class SampleBook {
 public:
  explicit SampleBook(bool keep_samples) : keep_samples_(keep_samples) {}
  // Thread-safe. With keep_samples, new samples also go to the in-memory store.
  SampleCounts commit(const remotewrite::WriteRequestView& request);
  // Series in key order, each one's samples by timestamp.
  std::string export_jsonl() const;
  std::size_t memory_bytes() const;
  std::uint64_t unique_samples() const;
  void clear();

 private:
  static constexpr std::size_t shard_count = 16;
  struct Shard {
    mutable std::mutex mutex;
    SeriesTimes times;
    MemoryStore store;
  };
  bool keep_samples_;
  std::array<Shard, shard_count> shards_;
  std::atomic<std::size_t> first_shard_{0};
};

}  // namespace rwchaos::faults::ledger
