#pragma once
// The parts of the Istio API that rwchaos checks: field names per message (JSON/YAML spelling, as in
// istio/api networking/v1alpha3/*.proto) and the retryOn vocabulary. Sources: docs/envoy-semantics.md.
#include <set>
#include <string>
#include <string_view>

namespace rwchaos::harness::istio {

// Known keys of one message, by a short message name ("HTTPSettings", "HTTPRetry", ...).
// Empty set when rwchaos does not check that message's keys.
const std::set<std::string>& known_fields(std::string_view message);

// Envoy's x-envoy-retry-on and x-envoy-retry-grpc-on tokens: the 16 of Istio's
// supportedRetryOnPolicies (istio/istio pkg/config/validation/validation.go).
const std::set<std::string>& retry_on_tokens();

// True for the numbers Go's http.StatusText knows: Istio accepts these in retryOn as status codes.
bool is_known_http_status(int code);

// A known key close to `key` ("idle_timeout" -> "idleTimeout", "retyOn" -> "retryOn"), or "".
std::string suggest_field(std::string_view key, const std::set<std::string>& known);

// Istio's default outbound retry policy (istio/istio pilot/pkg/networking/core/route/retry/retry.go).
inline constexpr int default_retry_attempts = 2;
inline constexpr std::string_view default_retry_on =
    "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";

inline constexpr std::string_view api_group = "networking.istio.io/";

}  // namespace rwchaos::harness::istio
