#include "faults/ledger/sample_book.hpp"

#include <algorithm>
#include <limits>

#include "codec.hpp"

namespace rwchaos::faults::ledger {
namespace {
constexpr std::ptrdiff_t near_end = 256;  // timestamps moved at most for an in-order insert (2 KiB)

std::uint64_t sample_key(std::uint64_t series_hash, std::int64_t timestamp) {
  std::uint64_t x = series_hash ^ (static_cast<std::uint64_t>(timestamp) * 0xff51afd7ed558ccdull);
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  return x ^ (x >> 33);
}
}  // namespace

bool SampleBook::insert(SeriesState& series, std::uint64_t series_hash, std::int64_t timestamp, bool& out_of_order) {
  auto& times = series.in_order;
  out_of_order = false;
  if (times.empty() || timestamp > times.back()) {
    times.push_back(timestamp);
    return true;
  }
  const auto at = std::lower_bound(times.begin(), times.end(), timestamp);
  if (at != times.end() && *at == timestamp) return false;
  if (out_of_order_.contains(sample_key(series_hash, timestamp))) return false;
  out_of_order = true;  // in neither and not above the newest: older than the newest
  // Requests sent in parallel arrive slightly out of order: a place near the end costs a short
  // move; one further back goes to the hash set instead of moving the whole series.
  if (times.end() - at <= near_end) times.insert(at, timestamp);
  else out_of_order_.insert(sample_key(series_hash, timestamp));
  return true;
}

SampleCounts SampleBook::commit(const remotewrite::WriteRequestView& request) {
  // Series identities before taking the lock: commits of parallel requests only serialise on the
  // bookkeeping itself.
  std::vector<std::uint64_t> hashes;
  hashes.reserve(request.series.size());
  std::string key;
  for (const auto& series : request.series) {
    remotewrite::series_key(request.labels_of(series), key);
    hashes.push_back(remotewrite::hash64(key));
  }
  SampleCounts counts;
  std::lock_guard lock(mutex_);
  for (std::size_t s = 0; s < request.series.size(); ++s) {
    const auto& series = request.series[s];
    const std::uint64_t series_hash = hashes[s];
    SeriesState& state = series_[series_hash];
    if (keep_samples_ && state.stored == no_series) {
      const auto labels = request.labels_of(series);
      remotewrite::series_key(labels, key);  // first sight of the series only
      MemoryStore::Labels kept;
      for (const auto& label : labels) kept.emplace_back(label.name, label.value);
      state.stored = store_.series_id(key, std::move(kept));
    }
    for (const auto& sample : request.samples_of(series)) {
      ++counts.samples;
      bool out_of_order = false;
      if (!insert(state, series_hash, sample.timestamp, out_of_order)) {
        ++counts.duplicates;
        continue;
      }
      ++unique_;
      if (out_of_order) ++counts.out_of_order;
      if (state.stored != no_series) store_.append(state.stored, sample.timestamp, sample.value);
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
  // Per series: its map node (key, state, next pointer, cached hash: about 64 bytes) plus the
  // bucket pointer, and the capacity of its timestamp vector.
  std::size_t bytes = out_of_order_.memory_bytes() + series_.bucket_count() * sizeof(void*) + series_.size() * 64;
  for (const auto& [hash, state] : series_) bytes += state.in_order.capacity() * sizeof(std::int64_t);
  return bytes;
}

std::uint64_t SampleBook::unique_samples() const {
  std::lock_guard lock(mutex_);
  return unique_;
}

void SampleBook::clear() {
  std::lock_guard lock(mutex_);
  out_of_order_.clear();
  series_.clear();
  store_.clear();
  unique_ = 0;
}

}  // namespace rwchaos::faults::ledger
