#include "harness/mesh/retry_on.hpp"

#include <algorithm>

namespace rwchaos::harness::mesh {
namespace {

struct TokenName {
  const char* name;
  RetryToken token;
};

// envoyproxy/envoy source/common/http/headers.h `EnvoyRetryOnValues` then `EnvoyRetryOnGrpcValues`;
// the same sixteen as Istio's `supportedRetryOnPolicies` (docs/envoy-semantics.md §2).
constexpr TokenName token_table[] = {
    {"5xx", RetryToken::five_xx},
    {"gateway-error", RetryToken::gateway_error},
    {"connect-failure", RetryToken::connect_failure},
    {"envoy-ratelimited", RetryToken::envoy_ratelimited},
    {"refused-stream", RetryToken::refused_stream},
    {"retriable-4xx", RetryToken::retriable_4xx},
    {"retriable-status-codes", RetryToken::retriable_status_codes},
    {"retriable-headers", RetryToken::retriable_headers},
    {"reset", RetryToken::reset},
    {"reset-before-request", RetryToken::reset_before_request},
    {"http3-post-connect-failure", RetryToken::http3_post_connect_failure},
    {"cancelled", RetryToken::grpc_cancelled},
    {"deadline-exceeded", RetryToken::grpc_deadline_exceeded},
    {"resource-exhausted", RetryToken::grpc_resource_exhausted},
    {"unavailable", RetryToken::grpc_unavailable},
    {"internal", RetryToken::grpc_internal},
};

bool connect_failed(ResetReason reason) {
  return reason == ResetReason::local_connection_failure || reason == ResetReason::remote_connection_failure ||
         reason == ResetReason::connection_timeout;
}

}  // namespace

std::optional<RetryToken> RetryOn::token(std::string_view name) {
  for (const auto& entry : token_table)
    if (name == entry.name) return entry.token;
  return std::nullopt;
}

const std::vector<std::string>& RetryOn::token_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& entry : token_table) out.emplace_back(entry.name);
    return out;
  }();
  return names;
}

std::string RetryOn::to_string() const {
  std::string out;
  for (const auto& entry : token_table) {
    if (!has(entry.token)) continue;
    if (!out.empty()) out += ",";
    out += entry.name;
  }
  return out;
}

// retry_state_impl.cc `RetryStateImpl::wouldRetryFromReset`, in its order: an overflow never;
// a failed connect with connect-failure; nothing sent yet with reset-before-request; then reset,
// and 5xx / gateway-error ("we count an upstream reset as a 5xx, since it will result in one").
// refused-stream needs an HTTP/2 REFUSED_STREAM, which HTTP/1.1 has no way to say.
bool would_retry_from_reset(const RetryOn& retry_on, ResetReason reason, bool request_started) {
  if (reason == ResetReason::overflow) return false;
  if (connect_failed(reason) && retry_on.has(RetryToken::connect_failure)) return true;
  if (retry_on.has(RetryToken::reset_before_request) && !request_started) return true;
  if (retry_on.has(RetryToken::reset)) return true;
  return retry_on.has(RetryToken::five_xx) || retry_on.has(RetryToken::gateway_error);
}

// retry_state_impl.cc `RetryStateImpl::wouldRetryFromHeaders`. retriable-headers needs header
// matchers, which Istio never configures. The gRPC tokens look at grpc-status (Canceled 1,
// DeadlineExceeded 4, ResourceExhausted 8, Internal 13, Unavailable 14), which a remote-write
// answer does not carry.
bool would_retry_from_headers(const RetryOn& retry_on, const std::vector<int>& retriable_status_codes,
                              const RetriableResponse& response) {
  const int status = response.status;
  if (response.envoy_ratelimited) return retry_on.has(RetryToken::envoy_ratelimited);
  if (retry_on.has(RetryToken::five_xx) && status >= 500 && status < 600) return true;
  if (retry_on.has(RetryToken::gateway_error) && (status == 502 || status == 503 || status == 504)) return true;
  if (retry_on.has(RetryToken::retriable_4xx) && status == 409) return true;
  if (retry_on.has(RetryToken::retriable_status_codes) &&
      std::find(retriable_status_codes.begin(), retriable_status_codes.end(), status) != retriable_status_codes.end())
    return true;
  if (!response.grpc_status) return false;
  switch (*response.grpc_status) {
    case 1: return retry_on.has(RetryToken::grpc_cancelled);
    case 4: return retry_on.has(RetryToken::grpc_deadline_exceeded);
    case 8: return retry_on.has(RetryToken::grpc_resource_exhausted);
    case 13: return retry_on.has(RetryToken::grpc_internal);
    case 14: return retry_on.has(RetryToken::grpc_unavailable);
    default: return false;
  }
}

}  // namespace rwchaos::harness::mesh
