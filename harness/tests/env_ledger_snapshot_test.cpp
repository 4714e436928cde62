// The live progress follows the ledger with GET /ledger?since=ID: only records that may still change
// are fetched again, and the snapshot equals the whole ledger at every step.
#include <gtest/gtest.h>

#include "harness/env/ledger_snapshot.hpp"

namespace rwchaos::harness {
namespace {

faults::LedgerRecord record(std::uint64_t id, faults::Outcome outcome = faults::Outcome::response) {
  faults::LedgerRecord r;
  r.id = id;
  r.outcome = outcome;
  r.status = outcome == faults::Outcome::response ? 204 : 0;
  return r;
}

TEST(LedgerSnapshot, FetchesFromTheFirstRecordThatMayStillChange) {
  LedgerSnapshot snapshot;
  EXPECT_EQ(snapshot.since(), 0u);
  // 1 and 2 answered, 3 in flight (a latency fault), 4 answered before it: GET /ledger's order.
  snapshot.merge({record(1), record(2), record(4), record(3, faults::Outcome::in_flight)});
  EXPECT_EQ(snapshot.since(), 2u);
  EXPECT_EQ(snapshot.records().size(), 4u);
  // The next poll (since=2) brings 3 answered and 4 again, and a new 5.
  snapshot.merge({record(4), record(3), record(5)});
  EXPECT_EQ(snapshot.since(), 5u);
  const auto records = snapshot.records();
  ASSERT_EQ(records.size(), 5u);
  for (std::size_t i = 0; i < records.size(); ++i) EXPECT_EQ(records[i].id, i + 1);
  EXPECT_EQ(records[2].outcome, faults::Outcome::response);  // replaced, not kept twice
}

TEST(LedgerSnapshot, AnIdNotSeenYetHoldsTheMark) {
  // Request 2 opened but not recorded yet: 3 may be answered, but since stays at 1 so 2 is fetched.
  LedgerSnapshot snapshot;
  snapshot.merge({record(1), record(3)});
  EXPECT_EQ(snapshot.since(), 1u);
  snapshot.merge({record(2), record(3)});
  EXPECT_EQ(snapshot.since(), 3u);
}

}  // namespace
}  // namespace rwchaos::harness
