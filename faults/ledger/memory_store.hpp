#pragma once
// Committed samples kept in memory when there is no --forward: the ledger is the storage, and
// GET /export serves it in VictoriaMetrics /api/v1/export JSON-lines form.
// Samples are appended to one log in commit order (fixed-size chunks, never moved once written)
// rather than to a vector per series, so committing a request writes memory in order instead of
// touching two growing vectors for each of its series; export, which is rare, groups them by series.
#include <algorithm>
#include <cstdint>
#include <span>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "wire_reader.hpp"

namespace rwchaos::faults::ledger {

class MemoryStore {
 public:
  using Labels = std::vector<std::pair<std::string, std::string>>;
  // A new series: its readable key (the export's order) and labels. The caller knows its series
  // apart (by series_hash); keys alone do not tell every two label sets apart.
  std::uint32_t add_series(std::string key, Labels labels);
  void append(std::uint32_t series, std::int64_t timestamp, double value) {
    const remotewrite::SampleView sample{value, timestamp};
    append_run(series, {&sample, 1});
  }
  // Samples of one series, in the order given; chunks are not zeroed: written before read.
  void append_run(std::uint32_t series, std::span<const remotewrite::SampleView> samples) {
    for (std::size_t done = 0; done < samples.size();) {
      if (size_ % chunk_samples == 0) chunks_.emplace_back(new Chunk);
      Chunk& chunk = *chunks_.back();
      const std::size_t at = size_ % chunk_samples;
      const std::size_t n = std::min(chunk_samples - at, samples.size() - done);
      for (std::size_t i = 0; i < n; ++i) {
        chunk.series[at + i] = series;
        chunk.timestamps[at + i] = samples[done + i].timestamp;
        chunk.values[at + i] = samples[done + i].value;
      }
      size_ += n;
      done += n;
    }
  }
  // One VictoriaMetrics export JSON line per series, each one's samples by timestamp
  // (ties in commit order), appended to `lines` with the series key (SampleBook merges its shards').
  void export_lines(std::vector<std::pair<std::string, std::string>>& lines) const;
  void clear();

 private:
  std::vector<std::string> keys_;  // by series id
  std::vector<Labels> labels_;     // by series id
  static constexpr std::size_t chunk_samples = 8192;  // 160 KiB a chunk
  struct Chunk {
    std::uint32_t series[chunk_samples];
    std::int64_t timestamps[chunk_samples];
    double values[chunk_samples];
  };
  std::uint32_t series_of(std::size_t i) const { return chunks_[i / chunk_samples]->series[i % chunk_samples]; }
  std::int64_t timestamp_of(std::size_t i) const { return chunks_[i / chunk_samples]->timestamps[i % chunk_samples]; }
  double value_of(std::size_t i) const { return chunks_[i / chunk_samples]->values[i % chunk_samples]; }
  std::vector<std::unique_ptr<Chunk>> chunks_;
  std::size_t size_ = 0;
};

}  // namespace rwchaos::faults::ledger
