#pragma once
// Committed samples kept in memory when there is no --forward: the ledger is the storage, and
// GET /export serves it in VictoriaMetrics /api/v1/export JSON-lines form.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace rwchaos::faults::ledger {

class MemoryStore {
 public:
  struct Series {
    std::vector<std::pair<std::string, std::string>> labels;
    std::vector<std::int64_t> timestamps;
    std::vector<double> values;
  };
  Series& series(const std::string& key) { return series_[key]; }
  std::string export_jsonl() const;
  void clear() { series_.clear(); }

 private:
  std::map<std::string, Series> series_;
};

}  // namespace rwchaos::faults::ledger
