#include "faults/ledger/stats.hpp"

#include <fmt/format.h>

namespace rwchaos::faults::ledger {

void Stats::connection_opened() {
  std::lock_guard lock(mutex_);
  ++connections_;
  ++open_connections_;
}

void Stats::connection_closed() {
  std::lock_guard lock(mutex_);
  if (open_connections_ > 0) --open_connections_;
}

void Stats::connection_rejected() {
  std::lock_guard lock(mutex_);
  ++rejected_connections_;
}

void Stats::fault_injected(const ConnectionFault& fault) {
  // Outcomes count requests only; a refused or idle-closed connection carried none.
  std::lock_guard lock(mutex_);
  ++faults_injected_[fault.action];
  if (connection_faults_.size() < max_connection_faults) connection_faults_.push_back(fault);
}

std::string Stats::connection_faults_jsonl() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& fault : connection_faults_) out += nlohmann::json(fault).dump() + "\n";
  return out;
}

void Stats::request_recorded(const LedgerRecord& record) {
  std::lock_guard lock(mutex_);
  ++requests_;
  if (record.reused) ++reused_requests_;
  bytes_ += record.size;
  samples_ += record.samples;
  if (record.committed) committed_samples_ += record.samples;
  duplicate_samples_ += record.duplicate_samples;
  out_of_order_samples_ += record.out_of_order;
  // A combined fault such as "latency+respond" counts once per action.
  std::size_t start = 0;
  while (start < record.fault.size()) {
    const std::size_t plus = record.fault.find('+', start);
    ++faults_injected_[record.fault.substr(start, plus - start)];
    if (plus == std::string::npos) break;
    start = plus + 1;
  }
  const std::string outcome(to_string(record.outcome));
  ++outcomes_[outcome];
  ++by_fault_outcome_[{record.fault.empty() ? "none" : record.fault, outcome}];
}

nlohmann::json Stats::to_json() const {
  std::lock_guard lock(mutex_);
  return {{"requests", requests_},
          {"connections", connections_},
          {"open_connections", open_connections_},
          {"rejected_connections", rejected_connections_},
          {"reused_requests", reused_requests_},
          {"bytes", bytes_},
          {"samples", samples_},
          {"committed_samples", committed_samples_},
          {"duplicate_samples", duplicate_samples_},
          {"out_of_order_samples", out_of_order_samples_},
          {"faults_injected", faults_injected_},
          {"outcomes", outcomes_}};
}

std::string prometheus_metric(std::string_view name, std::string_view help, std::string_view type, std::uint64_t value) {
  return fmt::format("# HELP {0} {1}\n# TYPE {0} {2}\n{0} {3}\n", name, help, type, value);
}

std::string Stats::to_prometheus() const {
  std::lock_guard lock(mutex_);
  std::string out;
  auto counter = [&](const char* name, const char* help, std::uint64_t value) {
    out += prometheus_metric(name, help, "counter", value);
  };
  out += "# HELP rwchaos_upstream_requests_total Requests received, by applied fault and outcome.\n"
         "# TYPE rwchaos_upstream_requests_total counter\n";
  for (const auto& [key, value] : by_fault_outcome_) {
    out += fmt::format("rwchaos_upstream_requests_total{{fault=\"{}\",outcome=\"{}\"}} {}\n", key.first, key.second, value);
  }
  counter("rwchaos_upstream_request_bytes_total", "Compressed request body bytes received.", bytes_);
  counter("rwchaos_upstream_samples_total", "Samples received in decodable requests.", samples_);
  counter("rwchaos_upstream_committed_samples_total", "Samples committed to storage.", committed_samples_);
  counter("rwchaos_upstream_duplicate_samples_total", "Committed samples that had been committed before.", duplicate_samples_);
  counter("rwchaos_upstream_out_of_order_samples_total", "Committed samples older than their series' newest.", out_of_order_samples_);
  counter("rwchaos_upstream_reused_requests_total", "Requests on a kept-alive (reused) connection.", reused_requests_);
  counter("rwchaos_upstream_connections_total", "Connections accepted.", connections_);
  counter("rwchaos_upstream_rejected_connections_total", "Connections reset over the connection cap.", rejected_connections_);
  out += prometheus_metric("rwchaos_upstream_open_connections", "Connections open now.", "gauge", open_connections_);
  out += "# HELP rwchaos_upstream_faults_injected_total Faults applied, by action.\n"
         "# TYPE rwchaos_upstream_faults_injected_total counter\n";
  for (const auto& [action, value] : faults_injected_) {
    out += fmt::format("rwchaos_upstream_faults_injected_total{{action=\"{}\"}} {}\n", action, value);
  }
  return out;
}

void Stats::clear() {
  std::lock_guard lock(mutex_);
  requests_ = connections_ = rejected_connections_ = 0;
  reused_requests_ = bytes_ = samples_ = committed_samples_ = duplicate_samples_ = out_of_order_samples_ = 0;
  faults_injected_.clear();
  connection_faults_.clear();
  outcomes_.clear();
  by_fault_outcome_.clear();
}

}  // namespace rwchaos::faults::ledger
