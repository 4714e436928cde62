#pragma once
// Committed samples kept in memory when there is no --forward: the ledger is the storage, and
// GET /export serves it in VictoriaMetrics /api/v1/export JSON-lines form.
// Samples are appended to one log in commit order (fixed-size chunks, never moved once written)
// rather than to a vector per series, so committing a request writes memory in order instead of
// touching two growing vectors for each of its series; export, which is rare, groups them by series.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace rwchaos::faults::ledger {

class MemoryStore {
 public:
  using Labels = std::vector<std::pair<std::string, std::string>>;
  // The series with this canonical key, added with `labels` on first sight.
  std::uint32_t series_id(const std::string& key, Labels labels);
  void append(std::uint32_t series, std::int64_t timestamp, double value) {
    if (size_ % chunk_samples == 0) chunks_.emplace_back(new Chunk);  // not zeroed: written before read
    Chunk& chunk = *chunks_.back();
    const std::size_t i = size_ % chunk_samples;
    chunk.series[i] = series;
    chunk.timestamps[i] = timestamp;
    chunk.values[i] = value;
    ++size_;
  }
  // One VictoriaMetrics export JSON line per series, in key order, each one's samples by timestamp
  // (ties in commit order), appended to `lines` with the series key (SampleBook merges its shards').
  void export_lines(std::vector<std::pair<std::string, std::string>>& lines) const;
  void clear();

 private:
  std::map<std::string, std::uint32_t> ids_;  // key -> index into labels_
  std::vector<Labels> labels_;
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
