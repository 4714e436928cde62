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

Ledger::Ledger(const std::string& file, Stats* stats) : stats_(stats) {
  if (file.empty()) return;
  file_ = std::fopen(file.c_str(), "a");
  if (!file_) throw std::runtime_error("cannot open ledger file " + file + ": " + std::strerror(errno));
}

Ledger::~Ledger() {
  if (file_) std::fclose(file_);
}

Entry Ledger::open() {
  std::lock_guard lock(mutex_);
  Entry entry;
  entry.record.id = ++last_id_;
  entry.generation = generation_;
  return entry;
}

void Ledger::pending(const Entry& entry) {
  std::lock_guard lock(mutex_);
  if (entry.generation != generation_) return;
  LedgerRecord& kept = in_flight_[entry.record.id] = entry.record;
  kept.outcome = Outcome::in_flight;
  kept.status = 0;
}

void Ledger::append(const Entry& entry) {
  // The file first: it is what survives a crash. Serialised only for the file: the engine calls
  // this right before an answer leaves, so its cost is in every answer's latency (GET /ledger
  // serialises on demand).
  if (file_) {
    const std::string line = to_line(entry.record);
    std::lock_guard lock(file_mutex_);
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);
  }
  std::lock_guard lock(mutex_);
  if (entry.generation != generation_) return;
  in_flight_.erase(entry.record.id);
  records_.push_back(entry.record);
  if (stats_) stats_->request_recorded(entry.record);
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
  ++generation_;
  if (stats_) stats_->clear();
}

}  // namespace rwchaos::faults::ledger
