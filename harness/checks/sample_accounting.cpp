#include "harness/checks/sample_accounting.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <utility>

namespace rwchaos::harness {
namespace {

// VictoriaMetrics stores floats as a decimal mantissa and exponent, so a value can come back a few
// ulps off. 1e-13 relative keeps time() values (~1.7e9 s, 1ms apart) distinct.
constexpr double relative_tolerance = 1e-13;
constexpr double absolute_tolerance = 1e-9;

struct MetricSamples {
  std::vector<double> values;       // every non-NaN stored value, one per distinct (series, ts)
  std::uint64_t raw = 0;            // every non-NaN stored sample as exported
  std::uint64_t duplicates = 0;     // raw - distinct
};

// NaN covers Prometheus stale markers (a NaN with a special bit pattern) and NaN samples alike.
MetricSamples stored_samples_of(const std::string& metric, const std::vector<StoredSeries>& stored) {
  MetricSamples samples;
  for (const auto& series : stored) {
    const auto name = series.labels.find("__name__");
    if (name == series.labels.end() || name->second != metric) continue;
    std::set<std::int64_t> seen;
    const std::size_t n = std::min(series.timestamps.size(), series.values.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (std::isnan(series.values[i])) continue;
      ++samples.raw;
      if (seen.insert(series.timestamps[i]).second)
        samples.values.push_back(series.values[i]);
      else
        ++samples.duplicates;
    }
  }
  std::sort(samples.values.begin(), samples.values.end());
  return samples;
}

bool contains(const std::vector<double>& sorted, double value) {
  const double tolerance = std::abs(value) * relative_tolerance + absolute_tolerance;
  const auto it = std::lower_bound(sorted.begin(), sorted.end(), value - tolerance);
  return it != sorted.end() && *it <= value + tolerance;
}

// Per ground-truth metric: what storage holds of it, and what was expected of it.
struct MetricTally {
  std::uint64_t expected = 0, stored = 0, duplicates = 0, lost = 0, unexpected = 0;
};

template <typename Visit>
void for_each_truth_metric(const GroundTruth& truth, const std::vector<StoredSeries>& stored, Visit visit) {
  for (const auto& [metric, expected_values] : truth.values) {
    const MetricSamples samples = stored_samples_of(metric, stored);
    std::vector<double> expected = expected_values;
    expected.erase(std::remove_if(expected.begin(), expected.end(), [](double v) { return std::isnan(v); }),
                   expected.end());
    std::sort(expected.begin(), expected.end());
    MetricTally tally{expected.size(), samples.raw, samples.duplicates, 0, 0};
    for (double value : expected)
      if (!contains(samples.values, value)) ++tally.lost;
    for (double value : samples.values)
      if (!contains(expected, value)) ++tally.unexpected;
    visit(tally);
  }
  // Command clients: only how many samples each metric must end up with is known.
  for (const auto& [metric, expected_count] : truth.counts) {
    if (truth.values.count(metric)) continue;  // values are the stronger truth
    const MetricSamples samples = stored_samples_of(metric, stored);
    const std::uint64_t distinct = samples.values.size();
    visit(MetricTally{expected_count, samples.raw, samples.duplicates,
                      expected_count > distinct ? expected_count - distinct : 0,
                      distinct > expected_count ? distinct - expected_count : 0});
  }
}

}  // namespace

void tally_samples(const GroundTruth& truth, const std::vector<StoredSeries>& stored, Counts& counts) {
  for_each_truth_metric(truth, stored, [&](const MetricTally& tally) {
    counts.expected_samples += tally.expected;
    counts.stored_samples += tally.stored;
    counts.stored_duplicates += tally.duplicates;
    counts.lost += tally.lost;
    counts.unexpected += tally.unexpected;
  });
}

std::uint64_t count_lost(const GroundTruth& truth, const std::vector<StoredSeries>& stored) {
  std::uint64_t lost = 0;
  for_each_truth_metric(truth, stored, [&](const MetricTally& tally) { lost += tally.lost; });
  return lost;
}

}  // namespace rwchaos::harness
