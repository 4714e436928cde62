#pragma once
// The wall clock as the ledger writes times (arrival_unix_ms, at_unix_ms): ms since the epoch, µs
// resolution.
#include <chrono>

namespace rwchaos::faults {

inline double unix_ms_now() {
  using namespace std::chrono;
  return static_cast<double>(duration_cast<microseconds>(system_clock::now().time_since_epoch()).count()) / 1000.0;
}

}  // namespace rwchaos::faults
