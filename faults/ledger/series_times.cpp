#include "faults/ledger/series_times.hpp"

#include <algorithm>

namespace rwchaos::faults::ledger {
namespace {
// How far from the end of `in_order` an older sample is still merged in (2 KiB of timestamps):
// four connections sending in parallel drift a few requests apart, 10 samples a request.
constexpr std::ptrdiff_t near_end = 256;

std::uint64_t sample_key(std::uint64_t series_hash, std::int64_t timestamp) {
  std::uint64_t x = series_hash ^ (static_cast<std::uint64_t>(timestamp) * 0xff51afd7ed558ccdull);
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  return x ^ (x >> 33);
}

// Where `timestamp` is or would go in `times`, which is not empty and whose newest is not older.
// Parallel requests make samples only slightly older than the newest, so the search gallops back
// from the end (1, 2, 4, ... places), touching the memory near the end first, then searches the
// last stride it stepped over.
std::vector<std::int64_t>::iterator position_of(std::vector<std::int64_t>& times, std::int64_t timestamp) {
  const std::size_t size = times.size();
  std::size_t above = size - 1;  // times[above] >= timestamp
  for (std::size_t step = 1; step < size; step *= 2) {
    const std::size_t probe = size - 1 - step;
    if (times[probe] < timestamp) {
      return std::lower_bound(times.begin() + static_cast<std::ptrdiff_t>(probe + 1),
                              times.begin() + static_cast<std::ptrdiff_t>(above), timestamp);
    }
    above = probe;
  }
  return std::lower_bound(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(above), timestamp);
}

// Whether every sample is newer than the series' newest and than the one before it.
bool in_order_and_newer(const std::vector<std::int64_t>& times, std::span<const remotewrite::SampleView> samples) {
  if (samples.empty() || (!times.empty() && samples.front().timestamp <= times.back())) return false;
  for (std::size_t i = 1; i < samples.size(); ++i) {
    if (samples[i].timestamp <= samples[i - 1].timestamp) return false;
  }
  return true;
}

}  // namespace

void SeriesTimes::commit(Series& series, std::uint64_t series_hash, std::span<const remotewrite::SampleView> samples,
                         MemoryStore* store, SampleCounts& counts) {
  auto& times = series.in_order;
  const auto keep = [&](const remotewrite::SampleView& sample) {
    ++unique_;
    if (store) store->append(series.stored, sample.timestamp, sample.value);
  };
  counts.samples += samples.size();
  // The usual run: every sample newer than the last, in order. Appended in bulk.
  if (in_order_and_newer(times, samples)) {
    const std::size_t old_end = times.size();
    times.resize(old_end + samples.size());
    for (std::size_t i = 0; i < samples.size(); ++i) times[old_end + i] = samples[i].timestamp;
    unique_ += samples.size();
    if (store) store->append_run(series.stored, samples);
    return;
  }
  late_.clear();
  // Distances are measured from the end as it was before this request, so one timestamp is always
  // judged the same way however many of the request's samples were appended meanwhile.
  const auto old_size = static_cast<std::ptrdiff_t>(times.size());
  for (const auto& sample : samples) {
    if (times.empty() || sample.timestamp > times.back()) {
      times.push_back(sample.timestamp);
      keep(sample);
      continue;
    }
    const auto at = position_of(times, sample.timestamp);
    if (at != times.end() && *at == sample.timestamp) {
      ++counts.duplicates;
      continue;
    }
    // A timestamp's distance from the end of `in_order` only grows, so one that belongs within
    // `near_end` of the end now always did and was never put in the hash set: no lookup needed.
    if (old_size - (at - times.begin()) <= near_end) {
      late_.push_back(sample);  // merged below, all at once
      continue;
    }
    if (!far_out_of_order_.insert(sample_key(series_hash, sample.timestamp))) {
      ++counts.duplicates;
      continue;
    }
    ++counts.out_of_order;
    keep(sample);
  }
  if (late_.empty()) return;
  // One merge of the late samples into the tail instead of one insert (and one move of the tail)
  // each. None of them is in `in_order`; equal ones among them are duplicates of the first.
  std::stable_sort(late_.begin(), late_.end(), [](const auto& a, const auto& b) { return a.timestamp < b.timestamp; });
  std::size_t unique = 0;
  for (std::size_t i = 0; i < late_.size(); ++i) {
    if (unique > 0 && late_[unique - 1].timestamp == late_[i].timestamp) {
      ++counts.duplicates;
      continue;
    }
    late_[unique++] = late_[i];
  }
  late_.resize(unique);
  std::size_t old_end = times.size();
  times.resize(times.size() + unique);
  for (std::size_t to = times.size(), j = unique; j > 0;) {
    if (old_end > 0 && times[old_end - 1] > late_[j - 1].timestamp) times[--to] = times[--old_end];
    else times[--to] = late_[--j].timestamp;
  }
  for (const auto& sample : late_) {
    ++counts.out_of_order;
    keep(sample);
  }
}

std::size_t SeriesTimes::memory_bytes() const {
  // Per series: its map node (key, state, next pointer, cached hash: about 64 bytes) plus the
  // bucket pointer, and the capacity of its timestamp vector.
  std::size_t bytes = far_out_of_order_.memory_bytes() + series_.bucket_count() * sizeof(void*) + series_.size() * 64;
  for (const auto& [hash, state] : series_) bytes += state.in_order.capacity() * sizeof(std::int64_t);
  return bytes;
}

void SeriesTimes::clear() {
  far_out_of_order_.clear();
  series_.clear();
  unique_ = 0;
}

}  // namespace rwchaos::faults::ledger
