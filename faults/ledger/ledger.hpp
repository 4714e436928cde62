#pragma once
// The ledger: one LedgerRecord per request, kept in memory for GET /ledger and appended to a JSONL
// file flushed per record, so a crash loses no record of what was answered.
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "faults/ledger/record.hpp"

namespace rwchaos::faults::ledger {

class Ledger {
 public:
  // Throws std::runtime_error when the file cannot be opened.
  explicit Ledger(const std::string& file = "");
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  std::uint64_t next_id() { return ++last_id_; }
  void append(const LedgerRecord& record);
  std::string jsonl_since(std::uint64_t since) const;  // records with id > since, in append order
  std::vector<LedgerRecord> records() const;
  void clear();  // also restarts request ids from 1

 private:
  std::atomic<std::uint64_t> last_id_{0};
  mutable std::mutex mutex_;
  std::vector<LedgerRecord> records_;
  std::FILE* file_ = nullptr;
};

}  // namespace rwchaos::faults::ledger
