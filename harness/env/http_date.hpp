#pragma once
// The HTTP Date header (RFC 9110 §5.6.7 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"): how the kind
// environment reads the cluster's clock, from a Go server that sets it on every answer (net/http).
#include <cstdint>
#include <optional>
#include <string>

namespace rwchaos::harness {

// Unix seconds of an IMF-fixdate; nullopt for anything else.
std::optional<std::int64_t> http_date_unix_seconds(const std::string& value);

// 1994-11-06T08:49:37Z: the form `kubectl logs --since-time` takes.
std::string rfc3339_utc(std::int64_t unix_seconds);

}  // namespace rwchaos::harness
