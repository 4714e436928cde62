#pragma once
// The `time` parameter of a Prometheus HTTP API instant query, read as Prometheus reads it
// (prometheus/prometheus v2.53.3, web/api/v1/api.go, parseTime): a Unix timestamp in seconds with
// optional decimals (kept to the millisecond, rounded), or RFC 3339 with an optional fraction and a
// `Z` or `±hh:mm` offset (Go's time.RFC3339Nano). vmalert 1.79 sends the first, 1.112 the second.
// Not accepted: Prometheus' two boundary strings for years beyond 9999 (no client sends them), and
// NaN or infinite numbers (Go's ParseFloat takes them; they name no time).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rwchaos::harness {

// Milliseconds since the Unix epoch, or nullopt with `why` set to Prometheus' message
// ("cannot parse \"x\" to a valid timestamp").
std::optional<std::int64_t> parse_query_time(std::string_view text, std::string* why = nullptr);

}  // namespace rwchaos::harness
