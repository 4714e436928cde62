#include "faults/ledger/sample_book.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "codec.hpp"

namespace rwchaos::faults::ledger {

SampleCounts SampleBook::commit(const remotewrite::WriteRequestView& request) {
  // Series identities before taking any lock, then the request's series grouped by shard so each
  // shard is locked once per request.
  std::vector<std::uint64_t> hashes(request.series.size());
  std::vector<std::uint32_t> by_shard(request.series.size());
  std::array<std::uint32_t, shard_count + 1> shard_start{};
  for (std::size_t s = 0; s < request.series.size(); ++s) {
    hashes[s] = remotewrite::series_hash(request, request.series[s]);
    ++shard_start[hashes[s] % shard_count + 1];
  }
  for (std::size_t i = 1; i < shard_start.size(); ++i) shard_start[i] += shard_start[i - 1];
  auto next = shard_start;
  for (std::size_t s = 0; s < request.series.size(); ++s) by_shard[next[hashes[s] % shard_count]++] = static_cast<std::uint32_t>(s);

  SampleCounts counts;
  std::vector<SeriesTimes::Series*> states(request.series.size());
  std::string key;
  const auto book_shard = [&](std::size_t k) {
    Shard& shard = shards_[k];
    const std::uint32_t from = shard_start[k], to = shard_start[k + 1];
    // Three passes, so the cache misses of different series overlap instead of queueing: find
    // every series (map nodes are stable), then fetch the end of each one's timestamps, then book.
    for (std::uint32_t i = from; i < to; ++i) states[i] = &shard.times.series(hashes[by_shard[i]]);
    for (std::uint32_t i = from; i < to; ++i) {
      const auto& times = states[i]->in_order;
      if (!times.empty()) __builtin_prefetch(times.data() + times.size() - 1, 1);
    }
    for (std::uint32_t i = from; i < to; ++i) {
      const auto& series = request.series[by_shard[i]];
      SeriesTimes::Series& state = *states[i];
      if (keep_samples_ && state.stored == SeriesTimes::no_series) {
        const auto labels = request.labels_of(series);
        remotewrite::series_key(labels, key);  // first sight of the series only
        MemoryStore::Labels kept;
        for (const auto& label : labels) kept.emplace_back(label.name, label.value);
        state.stored = shard.store.add_series(key, std::move(kept));
      }
      shard.times.commit(state, hashes[by_shard[i]], request.samples_of(series), keep_samples_ ? &shard.store : nullptr,
                         counts);
    }
  };
  // Each commit starts at another shard, so two commits at once do not walk the shards in lockstep,
  // one waiting for the other at every step.
  const std::size_t first = first_shard_.fetch_add(5, std::memory_order_relaxed);
  for (std::size_t j = 0; j < shard_count; ++j) {
    const std::size_t k = (first + j) % shard_count;
    if (shard_start[k] == shard_start[k + 1]) continue;
    std::lock_guard lock(shards_[k].mutex);
    book_shard(k);
  }
  return counts;
}

std::string SampleBook::export_jsonl() const {
  std::vector<std::pair<std::string, std::string>> lines;  // (series key, line)
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    shard.store.export_lines(lines);
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& [key, line] : lines) out += line;
  return out;
}

std::size_t SampleBook::memory_bytes() const {
  std::size_t bytes = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    bytes += shard.times.memory_bytes();
  }
  return bytes;
}

std::uint64_t SampleBook::unique_samples() const {
  std::uint64_t unique = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    unique += shard.times.unique_samples();
  }
  return unique;
}

void SampleBook::clear() {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    shard.times.clear();
    shard.store.clear();
  }
}

}  // namespace rwchaos::faults::ledger
