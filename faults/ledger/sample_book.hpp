#pragma once
// Per-series sample bookkeeping of committed requests: a sample (series, timestamp) committed a
// second time is a duplicate; one older than its series' newest committed sample is out of order.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "faults/ledger/memory_store.hpp"
#include "faults/ledger/sample_set.hpp"
#include "remote.pb.h"

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
  SampleCounts commit(const prometheus::WriteRequest& request);
  std::string export_jsonl() const;
  std::size_t memory_bytes() const;
  std::uint64_t unique_samples() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  bool keep_samples_;
  SampleSet seen_;
  std::unordered_map<std::uint64_t, std::int64_t> newest_;  // series hash -> newest timestamp
  MemoryStore store_;
};

}  // namespace rwchaos::faults::ledger
