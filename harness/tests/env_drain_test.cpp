// The one drain (harness/env/drain.hpp) on synthetic ledgers: it ends once every offered sample was
// acknowledged in some 2xx and storage holds everything (the checks' own count_lost), and not before.
#include <gtest/gtest.h>

#include "harness/env/drain.hpp"
#include "harness/tests/ledger_support.hpp"

namespace rwchaos::harness {
namespace {

using namespace std::chrono_literals;
using testing::listed;
using testing::offering;

const DrainTiming quick = {300ms, 0ms, 10ms};

bool drains(std::vector<faults::LedgerRecord> ledger, bool stored = true) {
  DrainProbe probe;
  probe.ledger_since = [ledger](std::uint64_t) { return ledger; };  // all of it: merging by id is idempotent
  probe.all_expected_stored = [stored] { return stored; };
  probe.failure = [] { return std::string(); };
  return wait_until_drained(probe, quick, {});
}

TEST(EnvDrain, ARebatchedResendDrainsThoughTheFailedBytesAreNeverSentAgain) {
  EXPECT_TRUE(drains({offering(1, 1000, 503, {listed("m", "", {1, 2, 3, 4})}),
                      offering(2, 1600, 204, {listed("m", "", {1, 2})}),
                      offering(3, 1700, 204, {listed("m", "", {3, 4})})}));
}

TEST(EnvDrain, ASampleNeverAcknowledgedHoldsTheDrainToItsLimit) {
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(drains({offering(1, 1000, 503, {listed("m", "", {1, 2, 3, 4})}),
                       offering(2, 1600, 204, {listed("m", "", {1, 2})})}));
  EXPECT_GE(std::chrono::steady_clock::now() - started, quick.limit);
}

TEST(EnvDrain, AcknowledgedButNotStoredDoesNotDrain) {
  EXPECT_FALSE(drains({offering(1, 1000, 204, {listed("m", "", {1})})}, false));
}

}  // namespace
}  // namespace rwchaos::harness
