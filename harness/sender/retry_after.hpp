#pragma once
// Retry-After (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date in any of the three forms a
// recipient MUST accept (RFC 9110 §5.6.7: IMF-fixdate, RFC 850, asctime).
#include <chrono>
#include <optional>
#include <string_view>

namespace rwchaos::harness::sender {

// The wait the value asks for, from `now`; a date in the past is 0. nullopt when the value is
// neither form: the sender then backs off as if there were no header, like Prometheus'
// retryAfterDuration (storage/remote/client.go).
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now);

}  // namespace rwchaos::harness::sender
