#include "harness/istio/istio_duration.hpp"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace rwchaos::harness {
namespace {

// Nanoseconds per unit, longest unit names first so "ms" is not read as "m" + "s".
struct Unit {
  std::string_view name;
  double nanos;
};
constexpr Unit units[] = {{"ns", 1}, {"us", 1e3}, {"\xC2\xB5s", 1e3}, {"\xCE\xBCs", 1e3},
                          {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {"h", 3600e9}};

bool match_unit(std::string_view rest, Unit& unit) {
  const Unit* best = nullptr;
  for (const auto& candidate : units) {
    if (rest.substr(0, candidate.name.size()) == candidate.name &&
        (best == nullptr || candidate.name.size() > best->name.size())) {
      best = &candidate;
    }
  }
  if (best == nullptr) return false;
  unit = *best;
  return true;
}

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace

IstioDurationResult parse_istio_duration(std::string_view text) {
  const std::string bad = quoted(text) + " is not a duration (write it like 1h, 30s, 500ms or 1.5s)";
  std::string_view rest = text;
  bool negative = false;
  if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) {
    negative = rest.front() == '-';
    rest.remove_prefix(1);
  }
  if (rest == "0") return std::chrono::nanoseconds(0);
  if (rest.empty()) return bad;
  double total = 0;
  while (!rest.empty()) {
    std::size_t digits = 0;
    while (digits < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[digits])) || rest[digits] == '.')) {
      ++digits;
    }
    const std::string_view number = rest.substr(0, digits);
    if (number.empty() || number == "." || number.find('.') != number.rfind('.')) return bad;
    rest.remove_prefix(digits);
    Unit unit;
    if (!match_unit(rest, unit)) {
      return rest.empty() ? quoted(text) + " has no unit (write 60s, not 60)" : bad;
    }
    rest.remove_prefix(unit.name.size());
    total += std::stod(std::string(number)) * unit.nanos;
    if (total > static_cast<double>(std::numeric_limits<std::int64_t>::max())) {
      return quoted(text) + " is too long";
    }
  }
  const auto nanos = static_cast<std::int64_t>(std::llround(total));
  return std::chrono::nanoseconds(negative ? -nanos : nanos);
}

std::string check_istio_duration_range(std::chrono::nanoseconds value, bool allow_zero) {
  if (value.count() < 0) return "must not be negative";
  if (value.count() == 0 && allow_zero) return "";
  if (value < std::chrono::milliseconds(1)) return "duration must be greater than 1ms";
  if (value.count() % 1000000 != 0) return "only durations to ms precision are supported";
  return "";
}

std::string format_istio_duration(std::chrono::milliseconds value) {
  std::int64_t ms = value.count();
  if (ms == 0) return "0s";
  if (ms % 1000 != 0) return std::to_string(ms) + "ms";
  std::int64_t seconds = ms / 1000;
  std::string out;
  if (seconds >= 3600) {
    out += std::to_string(seconds / 3600) + "h";
    seconds %= 3600;
  }
  if (seconds >= 60) {
    out += std::to_string(seconds / 60) + "m";
    seconds %= 60;
  }
  if (seconds > 0) out += std::to_string(seconds) + "s";
  return out;
}

}  // namespace rwchaos::harness
