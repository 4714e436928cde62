#include "harness/sender/retry_after.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>
#include <string>

#include "harness/common/trimmed.hpp"

namespace rwchaos::harness::sender {
namespace {

std::optional<std::chrono::milliseconds> delay_seconds(std::string_view value) {
  if (value.empty() || value.size() > 9) return std::nullopt;  // 9 digits: over 31 years, enough
  if (!std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) return std::nullopt;
  return std::chrono::seconds(std::stol(std::string(value)));
}

// strptime reads names in the C locale (the program never calls setlocale); the date is GMT.
std::optional<std::time_t> http_date(std::string_view value) {
  static const char* const formats[] = {
      "%a, %d %b %Y %H:%M:%S GMT",  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
      "%A, %d-%b-%y %H:%M:%S GMT",  // RFC 850:     Sunday, 06-Nov-94 08:49:37 GMT
      "%a %b %e %H:%M:%S %Y",       // asctime:     Sun Nov  6 08:49:37 1994
  };
  const std::string text(value);
  for (const char* format : formats) {
    std::tm tm{};
    const char* end = ::strptime(text.c_str(), format, &tm);
    if (end && *end == '\0') return ::timegm(&tm);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now) {
  value = trimmed(value);
  if (auto seconds = delay_seconds(value)) return seconds;
  const auto date = http_date(value);
  if (!date) return std::nullopt;
  const auto until = std::chrono::system_clock::from_time_t(*date);
  return std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(until - now));
}

}  // namespace rwchaos::harness::sender
