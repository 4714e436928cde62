#pragma once
// Open-addressing hash set of 64-bit keys: 8 bytes per slot, grows at 3/4 load, so 10.7 to 21
// bytes per key. Key 0 marks an empty slot and is stored as 1.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rwchaos::faults::ledger {

class SampleSet {
 public:
  // true if `key` was not in the set.
  bool insert(std::uint64_t key);
  bool contains(std::uint64_t key) const;
  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(std::uint64_t); }
  void clear();

 private:
  void grow();
  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

}  // namespace rwchaos::faults::ledger
