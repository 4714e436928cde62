#pragma once
// The Istio API that rwchaos checks: every field of DestinationRule and VirtualService (JSON/YAML
// spelling, as in istio/api networking/v1alpha3/*.proto), its type and the first release that has
// it, and the retryOn vocabulary of each release's webhook. Sources: docs/envoy-semantics.md §4.
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace rwchaos::harness::istio {

// The Istio release a policy is checked for: 1.22, 1.23, 1.24 (a scenario's `hop.istio`), or the
// newest API rwchaos knows, for a manifest checked on its own (`rwchaos validate FILE`).
struct IstioRelease {
  static constexpr int newest_minor = 1000;
  int minor = newest_minor;
  bool has(int since) const { return minor >= since; }
  std::string name() const;  // "Istio 1.24", or "the newest Istio API"
};
// The releases a scenario's `hop.istio` can name: "1.22", "1.23", "1.24".
const std::vector<std::string>& modelled_istio_releases();
// "1.22" -> {22}; empty for anything else.
std::optional<IstioRelease> istio_release(std::string_view version);

// One field of a message: what its value must be.
struct FieldType {
  enum class Kind { message, string, integer, boolean, number, duration, string_map, message_map, enumeration };
  Kind kind = Kind::string;
  std::string_view type;  // message (or map value message) or enum name
  bool repeated = false;
  int since = 0;          // first Istio minor release with the field; 0: in every release modelled
};

// The field `name` of `message` (short message names: "HTTPSettings", "HTTPRetry", ...), whatever
// the release; null when the newest API has no such field.
const FieldType* find_field(std::string_view message, std::string_view name);
// The field names of `message` in `release`.
std::set<std::string> known_fields(std::string_view message, IstioRelease release = {});
// An enum's value names (UPPER_CASE as written in YAML); empty for an unknown enum.
const std::vector<std::string>& enum_values(std::string_view name);

// Envoy's x-envoy-retry-on and x-envoy-retry-grpc-on tokens that Istio's webhook accepts in
// retryOn (istio/istio pkg/config/validation `supportedRetryOnPolicies`): 14 in 1.22, 16 from 1.23
// (reset-before-request, http3-post-connect-failure added; I9).
std::set<std::string> retry_on_tokens(IstioRelease release = {});
// The first release whose webhook accepts `token` (0: all); empty for no token.
std::optional<int> retry_on_token_since(std::string_view token);

// True for the numbers Go's http.StatusText knows: Istio accepts these in retryOn as status codes.
bool is_known_http_status(int code);

// A VirtualService retryOn split on ',': a part that reads as a known HTTP status ("503", "0503")
// is a retriable status code, every other part a token, in order. As validation reads it
// (validateHTTPRetry): nothing trimmed, a trailing ',' leaves an empty part. With `trim_parts`, as
// the route translation reads it (route/retry parseRetryOn): spaces around a part are dropped and
// empty parts skipped.
struct RetryOnParts {
  std::vector<std::string> tokens;
  std::vector<int> status_codes;
};
RetryOnParts split_retry_on(std::string_view text, bool trim_parts = false);

// A known key close to `key` ("idle_timeout" -> "idleTimeout", "retyOn" -> "retryOn"), or "".
std::string suggest_field(std::string_view key, const std::set<std::string>& known);

// Istio's default outbound retry policy (istio/istio pilot/pkg/networking/core/route/retry/retry.go).
inline constexpr int default_retry_attempts = 2;
inline constexpr std::string_view default_retry_on =
    "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";

inline constexpr std::string_view api_group = "networking.istio.io/";

}  // namespace rwchaos::harness::istio
