#include "harness/checks/truth_in_ledger.hpp"

#include <algorithm>
#include <climits>
#include <set>
#include <string>
#include <utility>

#include "harness/checks/request_accounting.hpp"

namespace rwchaos::harness {
namespace {

std::set<std::string> truth_metrics(const GroundTruth& truth) {
  std::set<std::string> names;
  for (const auto& [metric, values] : truth.values) names.insert(metric);
  for (const auto& [metric, count] : truth.counts) names.insert(metric);
  return names;
}

// `labels` is the ledger's readable label set: name="value" pairs joined by commas, sorted.
bool has_label(const std::string& labels, const std::string& label) {
  for (std::size_t at = labels.find(label); at != std::string::npos; at = labels.find(label, at + 1)) {
    const bool starts = at == 0 || labels[at - 1] == ',';
    const bool ends = at + label.size() == labels.size() || labels[at + label.size()] == ',';
    if (starts && ends) return true;
  }
  return false;
}

bool lists_samples(const std::vector<const faults::LedgerRecord*>& ordered) {
  for (const auto* record : ordered)
    if (record->samples > 0 && record->samples_by_series.empty()) return false;
  return true;
}

void tally_duplicated_and_recovered(const std::vector<const faults::LedgerRecord*>& ordered,
                                    const std::set<std::string>& metrics, Counts& tally) {
  std::set<std::pair<std::string, std::int64_t>> committed;  // (series hash, timestamp)
  std::uint64_t duplicated = 0, recovered = 0;
  for (const auto* record : ordered) {
    if (!record->committed) continue;
    const bool told_otherwise = !answered_ok(*record);
    for (const auto& series : record->samples_by_series) {
      if (!metrics.count(series.name)) continue;
      if (told_otherwise) recovered += series.timestamps.size();
      for (const std::int64_t timestamp : series.timestamps)
        if (!committed.emplace(series.hash, timestamp).second) ++duplicated;
    }
  }
  tally.duplicated = duplicated;
  tally.recovered = recovered;
}

// A stopped series is marked when a stale marker newer than its last real sample arrived before
// the generator froze: at the freeze every series fails its scrape and is marked anyway.
bool stale_marked(const std::vector<const faults::LedgerRecord*>& ordered, const StoppedSeries& stopped,
                  double frozen_unix_ms) {
  std::int64_t last_sample = INT64_MIN;
  std::vector<std::int64_t> markers;
  for (const auto* record : ordered) {
    for (const auto& series : record->samples_by_series) {
      if (series.name != stopped.metric || !has_label(series.labels, stopped.label)) continue;
      const std::multiset<std::int64_t> stale(series.stale.begin(), series.stale.end());
      for (const std::int64_t timestamp : series.timestamps)
        if (!stale.count(timestamp)) last_sample = std::max(last_sample, timestamp);
      markers.insert(markers.end(), series.stale.begin(), series.stale.end());
    }
  }
  for (const std::int64_t marker : markers)
    if (marker > last_sample && (frozen_unix_ms <= 0 || static_cast<double>(marker) < frozen_unix_ms)) return true;
  return false;
}

}  // namespace

void tally_truth_in_ledger(const std::vector<const faults::LedgerRecord*>& ordered, const GroundTruth& truth,
                           Counts& tally) {
  if (lists_samples(ordered)) {
    tally_duplicated_and_recovered(ordered, truth_metrics(truth), tally);
  } else {
    const std::string why = "the ledger lists no samples by series (an upstream without --ledger-samples)";
    tally.duplicated = tally.recovered = std::nullopt;
    tally.unknown["duplicated"] = tally.unknown["recovered"] = why;
  }
  tally.stopped_series = truth.stopped.size();
  for (const auto& stopped : truth.stopped) tally.stale_marked_series += stale_marked(ordered, stopped, truth.frozen_unix_ms);
}

}  // namespace rwchaos::harness
