#pragma once
// The one duration syntax of everything a user writes, scenario files and plans alike
// (docs/scenario.md "Durations"): `500ms`, `30s`, `2m`, `1h`, compounds like `1m30s`, decimals like
// `1.5s`, or a bare number of seconds standing alone (`15`). Milliseconds are the smallest step:
// `0.4ms` is an error, never 0. Istio's Go syntax reuses the term scanner (harness/istio/istio_duration.hpp).
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rwchaos::faults {

using Duration = std::chrono::milliseconds;

namespace config {

// The longest duration accepted: 100000h (about 11 years), so that any duration added to a clock
// reading stays far from overflow.
inline constexpr Duration longest_duration = std::chrono::hours(100000);

// Either a duration or a message saying what is wrong with the text (for a located error).
struct ParsedDuration {
  std::optional<Duration> value;
  std::string error;
};

ParsedDuration parse_duration(std::string_view text);

// The shortest exact spelling, read back by parse_duration: 90000 -> "1m30s", 1500 -> "1500ms",
// 3600000 -> "1h", 0 -> "0s".
std::string format_duration(Duration duration);

// The scanner under both syntaxes: a sum of `<decimal><unit>` terms ("1m30s", "1.5s", ".5h").
struct DurationUnit {
  std::string_view name;
  std::int64_t ticks;  // how many of the smallest step one unit is
};
struct DurationTerms {
  enum class Problem { none, syntax, too_fine, too_long };
  std::int64_t ticks = 0;
  Problem problem = Problem::none;
  std::string detail;  // for syntax: which term is wrong, e.g. `unknown unit "sec"`
};
// A unit is the whole run of letters up to the next number ("ms", never "m" then "s"); `units`
// must contain one unit of 1 tick.
// A value that is not a whole number of ticks is too_fine; one above `max_ticks` is too_long.
DurationTerms sum_duration_terms(std::string_view text, std::span<const DurationUnit> units, std::int64_t max_ticks);

}  // namespace config
}  // namespace rwchaos::faults
