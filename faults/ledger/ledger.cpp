#include "faults/ledger/ledger.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace rwchaos::faults::ledger {
namespace {
// Client bytes (paths, user agents) need not be UTF-8; replace rather than throw.
std::string to_line(const LedgerRecord& record) {
  return nlohmann::json(record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}
}  // namespace

Ledger::Ledger(const std::string& file) {
  if (file.empty()) return;
  file_ = std::fopen(file.c_str(), "a");
  if (!file_) throw std::runtime_error("cannot open ledger file " + file + ": " + std::strerror(errno));
}

Ledger::~Ledger() {
  if (file_) std::fclose(file_);
}

void Ledger::pending(const LedgerRecord& record) {
  std::lock_guard lock(mutex_);
  LedgerRecord& kept = in_flight_[record.id] = record;
  kept.outcome = "in_flight";
  kept.status = 0;
}

void Ledger::append(const LedgerRecord& record) {
  // Serialised only for the file: the engine calls this right before an answer leaves, so its
  // cost is in every answer's latency (GET /ledger serialises on demand).
  const std::string line = file_ ? to_line(record) : std::string();
  std::lock_guard lock(mutex_);
  in_flight_.erase(record.id);
  records_.push_back(record);
  if (file_) {
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);
  }
}

std::string Ledger::jsonl_since(std::uint64_t since) const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& record : records_) {
    if (record.id > since) out += to_line(record);
  }
  for (const auto& [id, record] : in_flight_) {
    if (id > since) out += to_line(record);
  }
  return out;
}

std::vector<LedgerRecord> Ledger::records() const {
  std::lock_guard lock(mutex_);
  std::vector<LedgerRecord> all = records_;
  for (const auto& [id, record] : in_flight_) all.push_back(record);
  return all;
}

void Ledger::clear() {
  std::lock_guard lock(mutex_);
  records_.clear();
  in_flight_.clear();
  last_id_ = 0;
}

}  // namespace rwchaos::faults::ledger
