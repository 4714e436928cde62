#pragma once
// Durations as Istio resources write them (google.protobuf.Duration in YAML, parsed with Go's
// time.ParseDuration), then held to Istio's webhook rule: >= 1ms and whole milliseconds
// (istio/istio pkg/config/validation/agent ValidateDuration); docs/envoy-semantics.md §4.
//
// The terms ("1m30s", "1.5s") are the one duration syntax's (faults/config/duration.hpp, same
// scanner); Go's syntax differs only in what this file adds: the units ns, us and µs, an optional
// sign, "0" alone as the one number without a unit (a bare "60" is an error, where a scenario reads
// 60 seconds), and nanoseconds as the smallest step (a finer fraction, which Go truncates, is
// reported as not whole milliseconds), with Istio's whole-ms rule checked apart.
// Durations are written back with the one formatter (faults::config::format_duration).
#include <chrono>
#include <string>
#include <string_view>
#include <variant>

namespace rwchaos::harness {

// Either the parsed duration or a message saying what is wrong with `text` (never both).
using IstioDurationResult = std::variant<std::chrono::nanoseconds, std::string>;

IstioDurationResult parse_istio_duration(std::string_view text);

// A duration of a policy that passed the validator, in whole milliseconds (0 when it does not parse).
long long istio_duration_ms(std::string_view text);

// Istio's rule for most duration fields: at least 1ms and a whole number of milliseconds.
// `allow_zero`: fields where 0s means "disabled" (DestinationRule tcp.idleTimeout).
// Empty string when fine, else the message Istio's webhook would give.
std::string check_istio_duration_range(std::chrono::nanoseconds value, bool allow_zero);

}  // namespace rwchaos::harness
