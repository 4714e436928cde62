#pragma once
// SplitMix64's finaliser: a seed and a few indices mixed into one well-spread 64-bit draw. Seeded
// choices (a fault's `probability`, the sidecar's retry back-off) hash what identifies the choice
// instead of pulling from a shared generator, so the same seed decides the same way whatever else
// ran in between.
#include <cstdint>

namespace rwchaos::faults {

inline std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace rwchaos::faults
