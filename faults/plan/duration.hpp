#pragma once
// Durations in plans: "500ms", "30s", "2m", "1h", or a plain number of seconds.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rwchaos::faults {

using Duration = std::chrono::milliseconds;

std::optional<Duration> parse_duration(std::string_view text);
std::string format_duration(Duration d);

}  // namespace rwchaos::faults
