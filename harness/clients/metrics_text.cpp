#include "harness/clients/metrics_text.hpp"

#include <cstdlib>
#include <sstream>

namespace rwchaos::harness {

std::map<std::string, double> parse_metrics_text(const std::string& text) {
  std::map<std::string, double> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    // The value follows the series: after the closing brace when there are labels (label values
    // may hold spaces), else after the first space.
    const auto brace = line.rfind('}');
    const auto split = line.find(' ', brace == std::string::npos ? 0 : brace);
    if (split == std::string::npos) continue;
    const std::string series = line.substr(0, split);
    const std::string rest = line.substr(split + 1);
    char* end = nullptr;
    const double value = std::strtod(rest.c_str(), &end);
    if (end == rest.c_str()) continue;
    out[series] = value;
  }
  return out;
}

double sum_metric(const std::map<std::string, double>& metrics, const std::string& name) {
  double sum = 0;
  for (auto it = metrics.lower_bound(name); it != metrics.end() && it->first.compare(0, name.size(), name) == 0; ++it) {
    const std::string& key = it->first;
    if (key.size() == name.size() || key[name.size()] == '{') sum += it->second;
  }
  return sum;
}

std::map<std::string, double> remote_write_metrics(const ClientAdapter& adapter,
                                                   const std::map<std::string, double>& metrics) {
  std::map<std::string, double> kept;
  for (const auto& [name, value] : metrics)
    for (const auto& prefix : adapter.remote_write_metric_prefixes)
      if (name.starts_with(prefix)) kept.emplace(name, value);
  return kept;
}

double dropped_total(const ClientAdapter& adapter, const std::map<std::string, double>& metrics) {
  double sum = 0;
  for (const auto& name : adapter.dropped.names) sum += sum_metric(metrics, name);
  return sum;
}

}  // namespace rwchaos::harness
