#include "harness/istio/istio_duration.hpp"

#include <cstdint>
#include <limits>

#include "faults/config/duration.hpp"

namespace rwchaos::harness {
namespace {

using faults::config::DurationUnit;
using Problem = faults::config::DurationTerms::Problem;

// Go's units (time.ParseDuration's unitMap), in nanoseconds; µ as U+00B5 and as U+03BC.
constexpr DurationUnit go_units[] = {{"ns", 1},           {"us", 1'000},          {"\xC2\xB5s", 1'000},
                                     {"\xCE\xBCs", 1'000}, {"ms", 1'000'000},      {"s", 1'000'000'000},
                                     {"m", 60'000'000'000}, {"h", 3'600'000'000'000}};

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace

IstioDurationResult parse_istio_duration(std::string_view text) {
  std::string_view rest = text;
  const bool negative = !rest.empty() && rest.front() == '-';
  if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) rest.remove_prefix(1);
  if (rest == "0") return std::chrono::nanoseconds(0);
  const auto terms = faults::config::sum_duration_terms(rest, go_units, std::numeric_limits<std::int64_t>::max());
  switch (terms.problem) {
    case Problem::none: return std::chrono::nanoseconds(negative ? -terms.ticks : terms.ticks);
    case Problem::too_long: return quoted(text) + " is too long";
    case Problem::too_fine: return quoted(text) + ": only durations to ms precision are supported";
    case Problem::syntax: break;
  }
  if (terms.detail.ends_with("has no unit")) return quoted(text) + " has no unit (write 60s, not 60)";
  return quoted(text) + " is not a duration (write it like 1h, 30s, 500ms or 1.5s)";
}

std::string check_istio_duration_range(std::chrono::nanoseconds value, bool allow_zero) {
  if (value.count() < 0) return "must not be negative";
  if (value.count() == 0 && allow_zero) return "";
  if (value < std::chrono::milliseconds(1)) return "duration must be greater than 1ms";
  if (value.count() % 1000000 != 0) return "only durations to ms precision are supported";
  return "";
}

long long istio_duration_ms(std::string_view text) {
  const auto parsed = parse_istio_duration(text);
  const auto* value = std::get_if<std::chrono::nanoseconds>(&parsed);
  return value ? std::chrono::duration_cast<std::chrono::milliseconds>(*value).count() : 0;
}

}  // namespace rwchaos::harness
