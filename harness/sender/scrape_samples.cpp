#include "harness/sender/scrape_samples.hpp"

#include <algorithm>

#include "harness/clients/metrics_text.hpp"

namespace rwchaos::harness::sender {
namespace {

// A label value in the text format: backslash escapes \\, \" and \n (Prometheus exposition formats).
std::optional<std::string> quoted_value(const std::string& key, std::size_t& at) {
  if (at >= key.size() || key[at] != '"') return std::nullopt;
  std::string value;
  for (++at; at < key.size(); ++at) {
    const char c = key[at];
    if (c == '"') {
      ++at;
      return value;
    }
    if (c == '\\' && at + 1 < key.size()) {
      const char escaped = key[++at];
      value += escaped == 'n' ? '\n' : escaped;
    } else {
      value += c;
    }
  }
  return std::nullopt;
}

void sort_by_name(Labels& labels) {
  std::sort(labels.begin(), labels.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

}  // namespace

std::optional<Labels> labels_of_series_key(const std::string& key) {
  const auto brace = key.find('{');
  Labels labels{{"__name__", key.substr(0, brace)}};
  if (labels.front().second.empty()) return std::nullopt;
  if (brace == std::string::npos) return labels;
  std::size_t at = brace + 1;
  while (at < key.size() && key[at] != '}') {
    const auto equals = key.find('=', at);
    if (equals == std::string::npos) return std::nullopt;
    std::string name = key.substr(at, equals - at);
    at = equals + 1;
    auto value = quoted_value(key, at);
    if (name.empty() || !value) return std::nullopt;
    // Remote-write 1.0 "Labels": MUST NOT contain empty label values; an empty one means no label.
    if (!value->empty()) labels.emplace_back(std::move(name), std::move(*value));
    if (at < key.size() && key[at] == ',') ++at;
  }
  if (at >= key.size()) return std::nullopt;
  sort_by_name(labels);
  return labels;
}

std::shared_ptr<const Labels> ScrapeSamples::series(const std::string& name, Labels labels) const {
  // honor_labels: false (Prometheus' default): the target's labels win, the scraped ones are kept as exported_*.
  for (auto& [label, value] : labels)
    if (label == "job" || label == "instance") label = "exported_" + label;
  labels.emplace_back("job", job_);
  labels.emplace_back("instance", instance_);
  if (!name.empty()) labels.emplace_back("__name__", name);
  sort_by_name(labels);
  return std::make_shared<const Labels>(std::move(labels));
}

Batch ScrapeSamples::of_scrape(const std::optional<std::string>& text, double duration_seconds,
                               std::int64_t timestamp_ms) {
  Batch batch;
  std::map<Labels, std::shared_ptr<const Labels>> now;
  if (text) {
    for (const auto& [key, value] : parse_metrics_text(*text)) {
      auto labels = labels_of_series_key(key);
      if (!labels) continue;
      auto full = series({}, std::move(*labels));
      now.emplace(*full, full);
      batch.push_back({full, value, timestamp_ms});
    }
  }
  const double scraped = static_cast<double>(batch.size());
  for (const auto& [labels, full] : last_)
    if (!now.count(labels)) batch.push_back({full, stale_marker(), timestamp_ms});
  last_ = std::move(now);
  batch.push_back({series("up", {}), text ? 1.0 : 0.0, timestamp_ms});
  batch.push_back({series("scrape_duration_seconds", {}), duration_seconds, timestamp_ms});
  batch.push_back({series("scrape_samples_scraped", {}), scraped, timestamp_ms});
  return batch;
}

}  // namespace rwchaos::harness::sender
