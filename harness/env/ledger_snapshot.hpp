#pragma once
// The upstream's ledger followed while a run goes on, fetching only what may have changed: every
// record after the last id up to which all records are answered (GET /ledger?since=ID). Answered
// records never change, so the cost of a poll is the new and in-flight records, not the ledger.
#include <cstdint>
#include <map>
#include <vector>

#include "faults/ledger/record.hpp"

namespace rwchaos::harness {

class LedgerSnapshot {
 public:
  // The id to ask GET /ledger?since= for.
  std::uint64_t since() const { return settled_through_; }
  // Records with id > since(), as fetched: each replaces the one with its id.
  void merge(const std::vector<faults::LedgerRecord>& fetched);
  // Every record known, by id.
  std::vector<faults::LedgerRecord> records() const;

 private:
  std::map<std::uint64_t, faults::LedgerRecord> by_id_;
  std::uint64_t settled_through_ = 0;  // ids 1..this are all present and answered
};

}  // namespace rwchaos::harness
