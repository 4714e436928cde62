#include "faults/ledger/memory_store.hpp"

#include <algorithm>
#include <numeric>

#include <nlohmann/json.hpp>

namespace rwchaos::faults::ledger {

std::string MemoryStore::export_jsonl() const {
  std::string out;
  for (const auto& [key, series] : series_) {
    std::vector<std::size_t> order(series.timestamps.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     // Captured by name: clang 14 cannot capture a structured binding (the fuzz build).
                     [&ts = series.timestamps](std::size_t a, std::size_t b) { return ts[a] < ts[b]; });
    nlohmann::json metric = nlohmann::json::object();
    for (const auto& [name, value] : series.labels) metric[name] = value;
    nlohmann::json values = nlohmann::json::array();
    nlohmann::json timestamps = nlohmann::json::array();
    for (std::size_t i : order) {
      values.push_back(series.values[i]);
      timestamps.push_back(series.timestamps[i]);
    }
    out += nlohmann::json{{"metric", metric}, {"values", values}, {"timestamps", timestamps}}
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // label bytes need not be UTF-8
    out += '\n';
  }
  return out;
}

}  // namespace rwchaos::faults::ledger
