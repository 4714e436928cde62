#include "harness/scenario/duration.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

namespace rwchaos::harness {
namespace {

// Milliseconds per unit; empty for an unknown unit.
std::optional<double> unit_ms(std::string_view unit) {
  if (unit == "ms") return 1.0;
  if (unit == "s") return 1000.0;
  if (unit == "m") return 60'000.0;
  if (unit == "h") return 3'600'000.0;
  return std::nullopt;
}

// Reads "123" or "1.5" at the front of `text`; advances `text` past it.
std::optional<double> take_number(std::string_view& text) {
  std::size_t end = 0;
  bool dot = false;
  while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || (text[end] == '.' && !dot))) {
    dot = dot || text[end] == '.';
    ++end;
  }
  if (end == 0 || (end == 1 && text[0] == '.')) return std::nullopt;
  // strtod, not stod: a 400-digit number is an error to report, not an exception to crash on.
  const double value = std::strtod(std::string(text.substr(0, end)).c_str(), nullptr);
  text.remove_prefix(end);
  return value;
}

std::optional<Duration> to_duration(double ms) {
  const double rounded = std::round(ms);
  if (!std::isfinite(ms) || std::abs(ms - rounded) > 1e-6 || rounded > 1e15) return std::nullopt;  // finer than 1ms, or absurd
  return Duration(static_cast<Duration::rep>(rounded));
}

}  // namespace

std::optional<Duration> parse_duration(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  double total_ms = 0;
  bool first = true;
  while (!text.empty()) {
    const auto number = take_number(text);
    if (!number) return std::nullopt;
    std::size_t unit_len = 0;
    while (unit_len < text.size() && std::isalpha(static_cast<unsigned char>(text[unit_len]))) ++unit_len;
    if (unit_len == 0) {
      // A bare number is seconds, but only on its own: "1m30" is a typo, not 1m30s.
      if (!first || !text.empty()) return std::nullopt;
      return to_duration(*number * 1000.0);
    }
    const auto per_unit = unit_ms(text.substr(0, unit_len));
    if (!per_unit) return std::nullopt;
    text.remove_prefix(unit_len);
    total_ms += *number * *per_unit;
    first = false;
  }
  return to_duration(total_ms);
}

std::string format_duration(Duration duration) {
  const auto ms = duration.count();
  if (ms == 0) return "0s";
  if (ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace rwchaos::harness
