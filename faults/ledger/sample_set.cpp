#include "faults/ledger/sample_set.hpp"

namespace rwchaos::faults::ledger {
namespace {
std::uint64_t normalize(std::uint64_t key) { return key == 0 ? 1 : key; }
// Keys are already hashes; one multiply spreads sequential ones.
std::size_t slot_of(std::uint64_t key, std::size_t mask) {
  return static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ull) >> 17) & mask;
}
}  // namespace

bool SampleSet::insert(std::uint64_t key) {
  key = normalize(key);
  if ((size_ + 1) * 4 > slots_.size() * 3) grow();
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
    if (slots_[i] == key) return false;
    if (slots_[i] == 0) {
      slots_[i] = key;
      ++size_;
      return true;
    }
  }
}

bool SampleSet::contains(std::uint64_t key) const {
  if (slots_.empty()) return false;
  key = normalize(key);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
    if (slots_[i] == key) return true;
    if (slots_[i] == 0) return false;
  }
}

void SampleSet::grow() {
  std::vector<std::uint64_t> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
  const std::size_t mask = slots_.size() - 1;
  for (std::uint64_t key : old) {
    if (key == 0) continue;
    std::size_t i = slot_of(key, mask);
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = key;
  }
}

void SampleSet::clear() {
  std::vector<std::uint64_t>().swap(slots_);
  size_ = 0;
}

}  // namespace rwchaos::faults::ledger
