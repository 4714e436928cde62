#pragma once
// The ledger: one LedgerRecord per request, kept in memory for GET /ledger and appended to a JSONL
// file flushed per record. The engine appends a request's record right before the answer's first
// byte (or FIN/RST) leaves, so a crash loses no record of what was answered or committed.
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <map>
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
  // A decoded request not answered yet (a latency or slow_headers delay), its faults already
  // named: shown by records() and GET /ledger with outcome "in_flight" until append() replaces it,
  // so a reader sees every request that arrived and what is being done to it.
  void pending(const LedgerRecord& record);
  void append(const LedgerRecord& record);
  // Records with id > since: answered ones in append order, then in-flight ones by id.
  std::string jsonl_since(std::uint64_t since) const;
  std::vector<LedgerRecord> records() const;
  void clear();  // also restarts request ids from 1

 private:
  std::atomic<std::uint64_t> last_id_{0};
  mutable std::mutex mutex_;
  std::vector<LedgerRecord> records_;
  std::map<std::uint64_t, LedgerRecord> in_flight_;
  std::FILE* file_ = nullptr;
};

}  // namespace rwchaos::faults::ledger
