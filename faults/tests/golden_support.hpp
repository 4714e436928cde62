#pragma once
// What the golden-capture tests share: harness/tests/client_payloads_test.cpp writes the captures
// from real clients, faults/tests/golden_payloads_test.cpp decodes them without processes.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "faults/remotewrite/codec.hpp"

namespace rwchaos::golden {

inline const std::filesystem::path dir = std::filesystem::path(RWCHAOS_SOURCE_DIR) / "faults" / "tests" / "golden";

inline std::string label_value(const prometheus::TimeSeries& series, const std::string& name) {
  for (const auto& label : series.labels())
    if (label.name() == name) return label.value();
  return {};
}

inline const prometheus::TimeSeries* find_metric(const prometheus::WriteRequest& request, const std::string& name) {
  for (const auto& series : request.timeseries())
    if (label_value(series, "__name__") == name) return &series;
  return nullptr;
}

// A series without its values: metric name and label names (instance values carry ports).
inline std::set<std::string> shapes(const prometheus::WriteRequest& request) {
  std::set<std::string> out;
  for (const auto& series : request.timeseries()) {
    std::set<std::string> names;
    for (const auto& label : series.labels()) names.insert(label.name());
    std::string shape = label_value(series, "__name__") + "{";
    for (const auto& name : names) shape += name + ",";
    out.insert(shape + "}");
  }
  return out;
}

inline bool same_header_name(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// A header of a capture's {"headers": {...}} by name in any case (Go writes X-VictoriaMetrics-...
// as X-Victoriametrics-...); "<absent>" when it is not there.
inline std::string header(const nlohmann::json& capture, const std::string& name) {
  for (const auto& [key, value] : capture.at("headers").items())
    if (same_header_name(key, name)) return value.get<std::string>();
  return "<absent>";
}

}  // namespace rwchaos::golden
