#include "harness/env/ledger_snapshot.hpp"

namespace rwchaos::harness {

void LedgerSnapshot::merge(const std::vector<faults::LedgerRecord>& fetched) {
  for (const auto& record : fetched) by_id_[record.id] = record;
  for (auto next = by_id_.find(settled_through_ + 1);
       next != by_id_.end() && next->first == settled_through_ + 1 && next->second.outcome != faults::Outcome::in_flight;
       next = by_id_.find(settled_through_ + 1))
    ++settled_through_;
}

std::vector<faults::LedgerRecord> LedgerSnapshot::records() const {
  std::vector<faults::LedgerRecord> records;
  records.reserve(by_id_.size());
  for (const auto& [id, record] : by_id_) records.push_back(record);
  return records;
}

}  // namespace rwchaos::harness
