#include "harness/sender/retry_after.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "faults/config/http_date.hpp"
#include "harness/common/trimmed.hpp"

namespace rwchaos::harness::sender {
namespace {

std::optional<std::chrono::milliseconds> delay_seconds(std::string_view value) {
  if (value.empty() || value.size() > 9) return std::nullopt;  // 9 digits: over 31 years, enough
  if (!std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) return std::nullopt;
  return std::chrono::seconds(std::stol(std::string(value)));
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now) {
  value = trimmed(value);
  if (auto seconds = delay_seconds(value)) return seconds;
  const auto date = faults::config::parse_http_date(value);
  if (!date) return std::nullopt;
  const auto until = std::chrono::system_clock::time_point(std::chrono::seconds(*date));
  return std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(until - now));
}

}  // namespace rwchaos::harness::sender
