#pragma once
// HTTP dates (RFC 9110 §5.6.7), read and written in one place: Retry-After values the reference
// sender waits out, the Date header the kind environment reads the cluster's clock from, and the
// Date the upstream and the sidecar model write.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rwchaos::faults::config {

// Unix seconds of a date in any of the three forms a recipient MUST accept: IMF-fixdate
// ("Sun, 06 Nov 1994 08:49:37 GMT"), RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime
// ("Sun Nov  6 08:49:37 1994"); nullopt for anything else, trailing text included.
std::optional<std::int64_t> parse_http_date(std::string_view value);

// IMF-fixdate, the one form a sender writes.
std::string format_http_date(std::chrono::system_clock::time_point at);

// 1994-11-06T08:49:37Z: the form `kubectl logs --since-time` takes.
std::string rfc3339_utc(std::int64_t unix_seconds);

}  // namespace rwchaos::faults::config
