#include "faults/ledger/memory_store.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace rwchaos::faults::ledger {

std::uint32_t MemoryStore::add_series(std::string key, Labels labels) {
  keys_.push_back(std::move(key));
  labels_.push_back(std::move(labels));
  return static_cast<std::uint32_t>(labels_.size() - 1);
}

void MemoryStore::export_lines(std::vector<std::pair<std::string, std::string>>& lines) const {
  // Sample indices grouped by series (a counting sort keeps commit order within a series).
  std::vector<std::size_t> start(labels_.size() + 1, 0);
  for (std::size_t i = 0; i < size_; ++i) ++start[series_of(i) + 1];
  for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
  std::vector<std::size_t> order(size_);
  std::vector<std::size_t> next(start.begin(), start.end() - 1);
  for (std::size_t i = 0; i < size_; ++i) order[next[series_of(i)]++] = i;

  for (std::uint32_t id = 0; id < labels_.size(); ++id) {
    const auto first = order.begin() + static_cast<std::ptrdiff_t>(start[id]);
    const auto last = order.begin() + static_cast<std::ptrdiff_t>(start[id + 1]);
    std::stable_sort(first, last, [this](std::size_t a, std::size_t b) { return timestamp_of(a) < timestamp_of(b); });
    nlohmann::json metric = nlohmann::json::object();
    for (const auto& [name, value] : labels_[id]) metric[name] = value;
    nlohmann::json values = nlohmann::json::array();
    nlohmann::json timestamps = nlohmann::json::array();
    for (auto i = first; i != last; ++i) {
      values.push_back(value_of(*i));
      timestamps.push_back(timestamp_of(*i));
    }
    std::string line = nlohmann::json{{"metric", metric}, {"values", values}, {"timestamps", timestamps}}
                           .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // label bytes need not be UTF-8
    line += '\n';
    lines.emplace_back(keys_[id], std::move(line));
  }
}

void MemoryStore::clear() {
  keys_.clear();
  labels_.clear();
  chunks_.clear();
  size_ = 0;
}

}  // namespace rwchaos::faults::ledger
