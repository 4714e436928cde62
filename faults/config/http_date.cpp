#include "faults/config/http_date.hpp"

#include <ctime>

namespace rwchaos::faults::config {

// strptime reads day and month names in the C locale (no program here calls setlocale); every
// form is GMT.
std::optional<std::int64_t> parse_http_date(std::string_view value) {
  static const char* const formats[] = {
      "%a, %d %b %Y %H:%M:%S GMT",  // IMF-fixdate
      "%A, %d-%b-%y %H:%M:%S GMT",  // RFC 850
      "%a %b %e %H:%M:%S %Y",       // asctime
  };
  const std::string text(value);
  for (const char* format : formats) {
    std::tm parts{};
    const char* end = ::strptime(text.c_str(), format, &parts);
    if (end && *end == '\0') return static_cast<std::int64_t>(::timegm(&parts));
  }
  return std::nullopt;
}

std::string format_http_date(std::chrono::system_clock::time_point at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm parts{};
  ::gmtime_r(&seconds, &parts);
  char text[40];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &parts);
  return text;
}

std::string rfc3339_utc(std::int64_t unix_seconds) {
  const std::time_t time = static_cast<std::time_t>(unix_seconds);
  std::tm parts{};
  ::gmtime_r(&time, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

}  // namespace rwchaos::faults::config
