#pragma once
// The ledger: one LedgerRecord per request, kept in memory for GET /ledger and appended to a JSONL
// file flushed per record. The engine appends a request's record right before the answer's first
// byte (or FIN/RST) leaves, so a crash loses no record of what was answered or committed.
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "faults/ledger/record.hpp"
#include "faults/ledger/stats.hpp"

namespace rwchaos::faults::ledger {

// One request's record while it is served, and the ledger generation (the time between two
// clear()s) its id was given in: ids restart at each clear(), so an id alone is ambiguous.
struct Entry {
  LedgerRecord record;
  std::uint64_t generation = 0;
};

class Ledger {
 public:
  // Throws std::runtime_error when the file cannot be opened. `stats`, when given, counts every
  // record kept and is cleared with the ledger, under the ledger's lock, so the two always agree.
  explicit Ledger(const std::string& file = "", Stats* stats = nullptr);
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // A new request: its record carries the next id (from 1 since the last clear()).
  Entry open();
  // A decoded request not answered yet (a latency or slow_headers delay), its faults already
  // named: shown by records() and GET /ledger with outcome "in_flight" until append() replaces it,
  // so a reader sees every request that arrived and what is being done to it.
  void pending(const Entry& entry);
  // The answered request: written and flushed to the file, then kept and counted. One opened
  // before the last clear() is written to the file only (its id belongs to the old generation).
  void append(const Entry& entry);
  // Records with id > since: answered ones in append order, then in-flight ones by id.
  std::string jsonl_since(std::uint64_t since) const;
  std::vector<LedgerRecord> records() const;
  // Empties the records and the stats' request counters, and restarts ids from 1. Safe while
  // requests are in flight: those opened before are neither shown nor counted afterwards.
  void clear();

 private:
  mutable std::mutex mutex_;  // guards all below but the file
  std::uint64_t generation_ = 0;
  std::uint64_t last_id_ = 0;
  std::vector<LedgerRecord> records_;
  std::map<std::uint64_t, LedgerRecord> in_flight_;
  Stats* stats_;
  // Lines are written under their own lock, so GET /ledger and other requests' bookkeeping do
  // not wait for a write.
  std::mutex file_mutex_;
  std::FILE* file_ = nullptr;
};

}  // namespace rwchaos::faults::ledger
