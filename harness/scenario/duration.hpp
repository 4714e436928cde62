#pragma once
// Durations as scenario and plan files write them: `500ms`, `30s`, `2m`, `1h`, compounds like
// `1m30s`, decimals like `1.5s`, or a bare number of seconds (docs/scenario.md "Durations").
#include <optional>
#include <string>
#include <string_view>

#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

// Empty when `text` is not a duration, is negative, or is finer than a millisecond.
std::optional<Duration> parse_duration(std::string_view text);

// The shortest exact spelling: 60000 -> "1m", 1500 -> "1500ms", 0 -> "0s".
std::string format_duration(Duration duration);

}  // namespace rwchaos::harness
