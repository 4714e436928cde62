#pragma once
// The settle condition of Environment::drain, the same for every environment (local and kind): storage
// holds every expected sample (count_lost == 0, the checks' own predicate), every sample (or
// sample-less payload) the upstream saw was answered 2xx once, in whatever request, and no request was answered other than 2xx for `quiet_for`.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "faults/ledger/record.hpp"

namespace rwchaos::harness {

// What the wait asks the environment, each call a fresh look.
struct DrainProbe {
  // The upstream's records with id > since (GET /ledger?since=): the wait follows the ledger with a
  // LedgerSnapshot, so each look fetches the new and in-flight records, not the whole ledger.
  std::function<std::vector<faults::LedgerRecord>(std::uint64_t since)> ledger_since;
  std::function<bool()> all_expected_stored;
  std::function<std::string()> failure;  // non-empty: the environment broke, stop waiting
};

struct DrainTiming {
  std::chrono::milliseconds limit;
  std::chrono::milliseconds quiet_for;  // no change in the non-2xx answers for this long
  std::chrono::milliseconds poll;
};

// True once the condition holds; false when `limit` ran out, `cancelled` said so or `failure` spoke.
bool wait_until_drained(const DrainProbe& probe, const DrainTiming& timing, const std::function<bool()>& cancelled);

}  // namespace rwchaos::harness
