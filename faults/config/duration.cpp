#include "faults/config/duration.hpp"

#include <cctype>
#include <numeric>

namespace rwchaos::faults::config {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A decimal number at the front of `text`: digits, at most one '.', at least one digit ("5", "1.5",
// ".5", "5."). Empty when there is none.
std::string_view take_number(std::string_view text) {
  std::size_t end = 0, digits = 0;
  bool dot = false;
  for (; end < text.size(); ++end) {
    if (is_digit(text[end])) ++digits;
    else if (text[end] == '.' && !dot) dot = true;
    else break;
  }
  return digits == 0 ? std::string_view{} : text.substr(0, end);
}

// The unit is the whole run up to the next number, as Go's time.ParseDuration reads it: "10sec" has
// the unit "sec", not "s" and then junk.
const DurationUnit* take_unit(std::string_view text, std::span<const DurationUnit> units, std::string_view& name) {
  std::size_t end = 0;
  while (end < text.size() && !is_digit(text[end]) && text[end] != '.') ++end;
  name = text.substr(0, end);
  for (const auto& unit : units)
    if (unit.name == name) return &unit;
  return nullptr;
}

std::string unit_names(std::span<const DurationUnit> units) {
  std::string names;
  for (const auto& unit : units) names += (names.empty() ? "" : ", ") + std::string(unit.name);
  return names;
}

using Problem = DurationTerms::Problem;

// Adds `number` (as take_number gives it) of a unit of `per_unit` ticks to `total`.
Problem add_term(std::string_view number, std::int64_t per_unit, std::int64_t max_ticks, std::int64_t& total) {
  const std::size_t dot = number.find('.');
  std::string_view whole = number.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : number.substr(dot + 1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  const std::int64_t most = max_ticks / per_unit;  // whole units that fit
  std::int64_t count = 0;
  for (char c : whole) {
    const int digit = c - '0';
    if (most < digit || count > (most - digit) / 10) return Problem::too_long;
    count = count * 10 + digit;
  }
  // fraction / 10^k units are a whole number of ticks only when 10^k / gcd(per_unit, 10^k) divides it.
  if (fraction.size() > 18) return Problem::too_fine;
  std::int64_t power = 1, numerator = 0;
  for (char c : fraction) {
    power *= 10;
    numerator = numerator * 10 + (c - '0');
  }
  const std::int64_t common = std::gcd(per_unit, power);
  if (numerator % (power / common) != 0) return Problem::too_fine;
  const std::int64_t fraction_ticks = numerator / (power / common) * (per_unit / common);  // < per_unit
  const std::int64_t ticks = count * per_unit;
  if (fraction_ticks > max_ticks - ticks || ticks + fraction_ticks > max_ticks - total) return Problem::too_long;
  total += ticks + fraction_ticks;
  return Problem::none;
}

constexpr DurationUnit duration_units[] = {{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}};

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace

DurationTerms sum_duration_terms(std::string_view text, std::span<const DurationUnit> units, std::int64_t max_ticks) {
  DurationTerms out;
  const auto syntax = [&](std::string detail) {
    out.problem = Problem::syntax;
    out.detail = std::move(detail);
    return out;
  };
  if (text.empty()) return syntax("it is empty");
  while (!text.empty()) {
    const std::string_view number = take_number(text);
    if (number.empty()) return syntax("no number at " + quoted(text));
    text.remove_prefix(number.size());
    std::string_view name;
    const DurationUnit* unit = take_unit(text, units, name);
    if (!unit && name.empty())  // the number ends at its end, or at a second '.'
      return syntax(text.empty() ? quoted(number) + " has no unit" : "a second '.' at " + quoted(text));
    if (!unit) return syntax("unknown unit " + quoted(name) + "; units: " + unit_names(units));
    text.remove_prefix(name.size());
    out.problem = add_term(number, unit->ticks, max_ticks, out.ticks);
    if (out.problem != Problem::none) return out;
  }
  return out;
}

ParsedDuration parse_duration(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  const std::string expected = "expected a duration like 500ms, 30s or 1m30s, got " + quoted(text);
  if (!text.empty() && (text.front() == '-' || text.front() == '+'))
    return {std::nullopt, expected + " (a duration has no sign)"};
  // A bare number is seconds, but only on its own: "1m30" is a typo, not 1m30s.
  const bool bare = !text.empty() && take_number(text).size() == text.size();
  const DurationTerms terms = sum_duration_terms(bare ? std::string(text) + "s" : std::string(text), duration_units,
                                                 longest_duration.count());
  switch (terms.problem) {
    case Problem::none: return {Duration(terms.ticks), ""};
    case Problem::syntax: return {std::nullopt, expected + " (" + terms.detail + ")"};
    case Problem::too_fine:
      return {std::nullopt, quoted(text) + " is finer than a millisecond, the smallest step of a duration"};
    case Problem::too_long: break;
  }
  return {std::nullopt, quoted(text) + " is longer than " + format_duration(longest_duration) + ", the longest duration"};
}

std::string format_duration(Duration duration) {
  std::int64_t ms = duration.count();
  if (ms == 0) return "0s";
  std::string out = ms < 0 ? "-" : "";
  if (ms < 0) ms = -ms;
  if (ms % 1000 != 0) return out + std::to_string(ms) + "ms";
  std::int64_t seconds = ms / 1000;
  if (seconds >= 3600) out += std::to_string(seconds / 3600) + "h";
  if (seconds % 3600 >= 60) out += std::to_string(seconds % 3600 / 60) + "m";
  if (seconds % 60 != 0) out += std::to_string(seconds % 60) + "s";
  return out;
}

}  // namespace rwchaos::faults::config
