#pragma once
// The duration of everything a user writes (docs/scenario.md "Durations"): whole milliseconds.
#include <chrono>

namespace rwchaos::harness {

using Duration = std::chrono::milliseconds;

}  // namespace rwchaos::harness
