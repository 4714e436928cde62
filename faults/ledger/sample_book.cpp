#include "faults/ledger/sample_book.hpp"

#include "codec.hpp"

namespace rwchaos::faults::ledger {
namespace {
std::uint64_t sample_key(std::uint64_t series_hash, std::int64_t timestamp) {
  std::uint64_t x = series_hash ^ (static_cast<std::uint64_t>(timestamp) * 0xff51afd7ed558ccdull);
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  return x ^ (x >> 33);
}
}  // namespace

SampleCounts SampleBook::commit(const prometheus::WriteRequest& request) {
  SampleCounts counts;
  std::lock_guard lock(mutex_);
  for (const auto& series : request.timeseries()) {
    const std::string key = remotewrite::series_key(series);
    const std::uint64_t series_hash = remotewrite::hash64(key);
    auto [newest, first] = newest_.try_emplace(series_hash, std::numeric_limits<std::int64_t>::min());
    MemoryStore::Series* stored = nullptr;
    if (keep_samples_) {
      stored = &store_.series(key);
      if (stored->labels.empty()) {
        for (const auto& label : series.labels()) stored->labels.emplace_back(label.name(), label.value());
      }
    }
    for (const auto& sample : series.samples()) {
      ++counts.samples;
      if (!seen_.insert(sample_key(series_hash, sample.timestamp()))) {
        ++counts.duplicates;
        continue;
      }
      if (sample.timestamp() < newest->second) ++counts.out_of_order;
      newest->second = std::max(newest->second, sample.timestamp());
      if (stored) {
        stored->timestamps.push_back(sample.timestamp());
        stored->values.push_back(sample.value());
      }
    }
  }
  return counts;
}

std::string SampleBook::export_jsonl() const {
  std::lock_guard lock(mutex_);
  return store_.export_jsonl();
}

std::size_t SampleBook::memory_bytes() const {
  std::lock_guard lock(mutex_);
  return seen_.memory_bytes() + newest_.size() * 48;
}

std::uint64_t SampleBook::unique_samples() const {
  std::lock_guard lock(mutex_);
  return seen_.size();
}

void SampleBook::clear() {
  std::lock_guard lock(mutex_);
  seen_.clear();
  newest_.clear();
  store_.clear();
}

}  // namespace rwchaos::faults::ledger
