#pragma once
// Counters behind GET /stats and GET /metrics.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "faults/ledger/connection_fault.hpp"
#include "faults/ledger/record.hpp"

namespace rwchaos::faults::ledger {

// One metric in Prometheus text exposition: HELP, TYPE and the unlabelled sample.
std::string prometheus_metric(std::string_view name, std::string_view help, std::string_view type, std::uint64_t value);

// A client that reconnects in a loop against `refuse` makes thousands; the timeline needs the first.
inline constexpr std::size_t max_connection_faults = 10000;

class Stats {
 public:
  void connection_opened();
  void connection_closed();
  void connection_rejected();       // over the connection cap
  // A connection fault, not tied to a request: counted, and kept (the first
  // max_connection_faults of them) for GET /connection-faults.
  void fault_injected(const ConnectionFault& fault);
  void request_recorded(const LedgerRecord& record);
  nlohmann::json to_json() const;   // GET /stats
  std::string connection_faults_jsonl() const;  // GET /connection-faults: one ConnectionFault per line
  std::string to_prometheus() const;  // GET /metrics
  std::uint64_t open_connections() const {
    std::lock_guard lock(mutex_);
    return open_connections_;
  }
  void clear();                     // keeps open_connections (Ledger::clear calls it)

 private:
  mutable std::mutex mutex_;
  std::uint64_t requests_ = 0, connections_ = 0, open_connections_ = 0, rejected_connections_ = 0;
  std::uint64_t reused_requests_ = 0, bytes_ = 0, samples_ = 0, committed_samples_ = 0, duplicate_samples_ = 0;
  std::uint64_t out_of_order_samples_ = 0;
  std::map<std::string, std::uint64_t> faults_injected_;
  std::vector<ConnectionFault> connection_faults_;
  std::map<std::string, std::uint64_t> outcomes_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> by_fault_outcome_;
};

}  // namespace rwchaos::faults::ledger
