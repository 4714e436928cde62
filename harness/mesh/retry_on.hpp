#pragma once
// Envoy's retry_on tokens and the two decisions they drive: retry after an upstream reset, retry
// after upstream response headers (docs/envoy-semantics.md §2; envoyproxy/envoy
// source/common/router/retry_state_impl.cc `wouldRetryFromReset`, `wouldRetryFromHeaders`).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/mesh/reset_reason.hpp"

namespace rwchaos::harness::mesh {

// One bit per token, spelled as Envoy spells it (source/common/http/headers.h `EnvoyRetryOnValues`,
// `EnvoyRetryOnGrpcValues`). The gRPC tokens and http3-post-connect-failure are accepted and never
// match over HTTP/1.1 without grpc-status: the sidecar model speaks HTTP/1.1 only.
enum class RetryToken : std::uint32_t {
  five_xx = 1u << 0,                  // 5xx
  gateway_error = 1u << 1,            // gateway-error
  connect_failure = 1u << 2,          // connect-failure
  envoy_ratelimited = 1u << 3,        // envoy-ratelimited
  refused_stream = 1u << 4,           // refused-stream
  retriable_4xx = 1u << 5,            // retriable-4xx
  retriable_status_codes = 1u << 6,   // retriable-status-codes
  retriable_headers = 1u << 7,        // retriable-headers
  reset = 1u << 8,                    // reset
  reset_before_request = 1u << 9,     // reset-before-request
  http3_post_connect_failure = 1u << 10,
  grpc_cancelled = 1u << 11,          // cancelled
  grpc_deadline_exceeded = 1u << 12,  // deadline-exceeded
  grpc_resource_exhausted = 1u << 13, // resource-exhausted
  grpc_unavailable = 1u << 14,        // unavailable
  grpc_internal = 1u << 15,           // internal
};

class RetryOn {
 public:
  RetryOn() = default;
  // Empty when `token` is not one of Envoy's sixteen.
  static std::optional<RetryToken> token(std::string_view token);
  static const std::vector<std::string>& token_names();

  void add(RetryToken token) { bits_ |= static_cast<std::uint32_t>(token); }
  void remove(RetryToken token) { bits_ &= ~static_cast<std::uint32_t>(token); }
  bool has(RetryToken token) const { return (bits_ & static_cast<std::uint32_t>(token)) != 0; }
  bool empty() const { return bits_ == 0; }
  std::string to_string() const;  // comma-joined, in token_names() order

 private:
  std::uint32_t bits_ = 0;
};

// Would Envoy retry after this reset? `request_started`: an attempt of this request was already
// handed a connection (reset-before-request retries only before that: a failed connect).
bool would_retry_from_reset(const RetryOn& retry_on, ResetReason reason, bool request_started);

// What of an upstream response the retry decision reads.
struct RetriableResponse {
  int status = 0;
  bool envoy_ratelimited = false;   // x-envoy-ratelimited present
  std::optional<int> grpc_status;   // grpc-status, when present and a number
};

// Would Envoy retry this upstream response?
bool would_retry_from_headers(const RetryOn& retry_on, const std::vector<int>& retriable_status_codes,
                              const RetriableResponse& response);

}  // namespace rwchaos::harness::mesh
