#pragma once
// Durations as Istio resources write them (google.protobuf.Duration in YAML): Go's duration syntax,
// e.g. "1h", "30s", "500ms", "1.5s", "1m30s". Istio's webhook then wants >= 1ms and whole
// milliseconds (istio/istio pkg/config/validation/agent ValidateDuration); docs/envoy-semantics.md §4.
#include <chrono>
#include <string>
#include <string_view>
#include <variant>

namespace rwchaos::harness {

// Either the parsed duration or a message saying what is wrong with `text` (never both).
using IstioDurationResult = std::variant<std::chrono::nanoseconds, std::string>;

// Parses Go's syntax: an optional sign, then one or more <decimal number><unit> with units
// ns, us, µs, ms, s, m, h. "0" alone is accepted (Go does); a bare number otherwise is not.
IstioDurationResult parse_istio_duration(std::string_view text);

// Istio's rule for most duration fields: at least 1ms and a whole number of milliseconds.
// `allow_zero`: fields where 0s means "disabled" (DestinationRule tcp.idleTimeout).
// Empty string when fine, else the message Istio's webhook would give.
std::string check_istio_duration_range(std::chrono::nanoseconds value, bool allow_zero);

// "1h", "1m30s", "500ms", "0s": the shortest spelling, for reports and warnings.
std::string format_istio_duration(std::chrono::milliseconds value);

}  // namespace rwchaos::harness
