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

void Ledger::append(const LedgerRecord& record) {
  const std::string line = to_line(record);
  std::lock_guard lock(mutex_);
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
  return out;
}

std::vector<LedgerRecord> Ledger::records() const {
  std::lock_guard lock(mutex_);
  return records_;
}

void Ledger::clear() {
  std::lock_guard lock(mutex_);
  records_.clear();
  last_id_ = 0;
}

}  // namespace rwchaos::faults::ledger
