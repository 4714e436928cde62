#include "harness/checks/offers.hpp"

#include <charconv>
#include <string>
#include <unordered_set>

#include "harness/checks/request_accounting.hpp"

namespace rwchaos::harness {
namespace {

std::uint64_t from_hex(const std::string& hex) {
  std::uint64_t value = 0;
  std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
  return value;
}

// splitmix64's finaliser: keys of nearby timestamps spread over the whole range.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace

std::vector<std::uint64_t> offer_keys(const faults::LedgerRecord& record) {
  if (record.hash.empty()) return {};
  std::vector<std::uint64_t> keys;
  // The payload's key is kept apart from sample keys by a last mix with another constant.
  keys.push_back(mix(from_hex(record.hash) ^ 0x5061796c6f616400ull));
  for (const auto& series : record.samples_by_series) {
    const std::uint64_t identity = from_hex(series.hash);
    for (const std::int64_t timestamp : series.timestamps)
      keys.push_back(mix(identity + mix(static_cast<std::uint64_t>(timestamp))));
  }
  return keys;
}

bool every_offer_acknowledged(const std::vector<faults::LedgerRecord>& ledger) {
  std::unordered_set<std::uint64_t> acknowledged;
  for (const auto& record : ledger)
    if (answered_ok(record))
      for (std::uint64_t key : offer_keys(record)) acknowledged.insert(key);
  for (const auto& record : ledger) {
    if (answered_ok(record)) continue;
    const auto keys = offer_keys(record);
    // A sample-less payload (metadata) is acknowledged by its hash; one with samples by its samples:
    // a re-batching sender never sends the failed payload's bytes again.
    const bool has_samples = keys.size() > 1;
    for (std::size_t i = has_samples ? 1 : 0; i < keys.size(); ++i)
      if (!acknowledged.count(keys[i])) return false;
  }
  return true;
}

}  // namespace rwchaos::harness
