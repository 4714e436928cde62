#include "harness/sender/batch.hpp"

#include <bit>
#include <map>

#include "faults/ledger/series_samples.hpp"
#include "faults/remotewrite/codec.hpp"

namespace rwchaos::harness::sender {
namespace {

// Each distinct series of a batch in order of first appearance.
std::vector<const Labels*> series_in_order(const Batch& batch) {
  std::vector<const Labels*> order;
  std::map<Labels, bool> seen;
  for (const auto& sample : batch)
    if (seen.emplace(*sample.series, true).second) order.push_back(sample.series.get());
  return order;
}

}  // namespace

double stale_marker() { return std::bit_cast<double>(faults::ledger::stale_marker_bits); }

std::size_t series_count(const Batch& batch) { return series_in_order(batch).size(); }

std::string encode_batch(const Batch& batch) {
  prometheus::WriteRequest request;
  std::map<Labels, prometheus::TimeSeries*> by_series;
  for (const auto& sample : batch) {
    auto [it, added] = by_series.emplace(*sample.series, nullptr);
    if (added) {
      it->second = request.add_timeseries();
      for (const auto& [name, value] : *sample.series) {
        auto* label = it->second->add_labels();
        label->set_name(name);
        label->set_value(value);
      }
    }
    auto* out = it->second->add_samples();
    out->set_value(sample.value);
    out->set_timestamp(sample.timestamp_ms);
  }
  return remotewrite::encode(request);
}

std::pair<Batch, Batch> split_batch(const Batch& batch) {
  std::pair<Batch, Batch> halves;
  const auto order = series_in_order(batch);
  if (order.size() > 1) {
    std::map<Labels, bool> first_half;
    for (std::size_t i = 0; i < order.size() / 2; ++i) first_half.emplace(*order[i], true);
    for (const auto& sample : batch)
      (first_half.count(*sample.series) ? halves.first : halves.second).push_back(sample);
    return halves;
  }
  const std::size_t cut = batch.size() > 1 ? batch.size() / 2 : batch.size();
  halves.first.assign(batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(cut));
  halves.second.assign(batch.begin() + static_cast<std::ptrdiff_t>(cut), batch.end());
  return halves;
}

}  // namespace rwchaos::harness::sender
