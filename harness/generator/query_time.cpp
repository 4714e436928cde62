#include "harness/generator/query_time.hpp"

#include <charconv>
#include <chrono>
#include <cmath>

#include <fmt/format.h>

namespace rwchaos::harness {
namespace {

// The largest |seconds| whose milliseconds fit an int64.
constexpr double max_unix_seconds = 9223372036854775.0;

// Go's strconv.ParseFloat forms that std::from_chars also reads, plus a leading '+'.
std::optional<std::int64_t> unix_seconds(std::string_view text) {
  const bool plus = !text.empty() && text.front() == '+';
  if (plus) text.remove_prefix(1);
  if (text.empty() || (plus && text.front() == '-')) return std::nullopt;
  double seconds = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  if (!std::isfinite(seconds) || std::abs(seconds) > max_unix_seconds) return std::nullopt;
  // As Prometheus: whole seconds, then the fraction rounded to the millisecond.
  double whole = 0;
  const double fraction = std::modf(seconds, &whole);
  return static_cast<std::int64_t>(whole) * 1000 + static_cast<std::int64_t>(std::round(fraction * 1000));
}

// Exactly `n` ASCII digits at `at`.
std::optional<int> digits(std::string_view text, std::size_t at, std::size_t n) {
  if (at + n > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm), each field range-checked as Go's time.Parse does.
std::optional<std::int64_t> rfc3339(std::string_view text) {
  using namespace std::chrono;
  const auto year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  const auto hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') return std::nullopt;
  const year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                            std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;

  std::size_t at = 19;
  std::int64_t millis = 0;
  if (at < text.size() && text[at] == '.') {
    const std::size_t first = ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    const std::size_t count = at - first;
    if (count == 0 || count > 9) return std::nullopt;
    // Kept to the millisecond, as Prometheus keeps every timestamp (truncated, as its
    // timestamp.FromTime does).
    for (std::size_t i = 0; i < 3; ++i) millis = millis * 10 + (i < count ? text[first + i] - '0' : 0);
  }
  int offset_minutes = 0;
  if (at < text.size() && text[at] == 'Z') {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    const auto hours = digits(text, at + 1, 2), minutes = digits(text, at + 4, 2);
    if (!hours || !minutes || at + 3 >= text.size() || text[at + 3] != ':' || *hours > 23 || *minutes > 59)
      return std::nullopt;
    offset_minutes = (*hours * 60 + *minutes) * (text[at] == '-' ? -1 : 1);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  const auto local = sys_days{date}.time_since_epoch() + hours{*hour} + minutes{*minute} + seconds{*second};
  return duration_cast<milliseconds>(local - minutes{offset_minutes}).count() + millis;
}

}  // namespace

std::optional<std::int64_t> parse_query_time(std::string_view text, std::string* why) {
  if (auto ms = unix_seconds(text)) return ms;
  if (auto ms = rfc3339(text)) return ms;
  if (why) *why = fmt::format("cannot parse \"{}\" to a valid timestamp", text);
  return std::nullopt;
}

}  // namespace rwchaos::harness
