#include "faults/ledger/series_samples.hpp"

#include <bit>

#include "codec.hpp"

namespace rwchaos::faults::ledger {

bool is_stale_marker(double value) { return std::bit_cast<std::uint64_t>(value) == stale_marker_bits; }

std::vector<SeriesSamples> list_samples(const remotewrite::WriteRequestView& request) {
  std::vector<SeriesSamples> listed;
  listed.reserve(request.series.size());
  for (const auto& series : request.series) {
    SeriesSamples& entry = listed.emplace_back();
    const auto labels = request.labels_of(series);
    for (const auto& label : labels)
      if (label.name == "__name__") entry.name = std::string(label.value);
    remotewrite::series_key(labels, entry.labels);
    entry.hash = remotewrite::hex64(remotewrite::series_hash(request, series));
    const auto samples = request.samples_of(series);
    entry.timestamps.reserve(samples.size());
    for (const auto& sample : samples) {
      entry.timestamps.push_back(sample.timestamp);
      if (is_stale_marker(sample.value)) entry.stale.push_back(sample.timestamp);
    }
  }
  return listed;
}

}  // namespace rwchaos::faults::ledger
