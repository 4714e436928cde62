#pragma once
// What one sidecar does: the JSON file `rwchaos sidecar --config FILE` reads (docs/internals.md
// "The sidecar"). The harness writes it from the user's Istio policies: every field is a setting of
// the listener, route table or cluster that Istio would generate, and `istio` picks the behaviour of
// the Envoy build that Istio version ships (docs/envoy-semantics.md §7).
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/mesh/retry_on.hpp"

namespace rwchaos::harness::mesh {

using Millis = std::chrono::milliseconds;

// Envoy's circuit-breaker thresholds are uint32; Istio sets each to its maximum when a
// DestinationRule does not (istio/istio pilot/pkg/networking/core, `getDefaultCircuitBreakerThresholds`).
inline constexpr std::uint64_t unlimited = 4294967295u;

enum class Role { outbound, inbound };

// HttpConnectionManager.server_header_transformation.
enum class ServerHeader { overwrite, append_if_absent, pass_through };

// What differs between Envoy 1.30, 1.31 and 1.32, shipped by Istio 1.22, 1.23 and 1.24.
struct EnvoyBehaviour {
  std::string details_separator = "|";     // L4: before the transport failure reason in details; "," in 1.30
  bool connect_error_as_errno = false;     // P7: "delayed connect error: 111" in 1.30, strerror after
  bool knows_reset_before_request = true;  // R3: Envoy 1.30 ignores the token
  std::string cluster_operator = "%UPSTREAM_CLUSTER_RAW%";  // A1: %UPSTREAM_CLUSTER% in Istio 1.22's format
};

// Empty when `istio` is not one of "1.22", "1.23", "1.24".
std::optional<EnvoyBehaviour> envoy_behaviour(const std::string& istio);

struct ClusterSettings {
  std::string name;                       // %UPSTREAM_CLUSTER_RAW%, e.g. outbound|8480||vminsert.default.svc.cluster.local
  Millis connect_timeout{10'000};         // P6: Cluster.connect_timeout (Istio's default 10s)
  Millis idle_timeout{3'600'000};         // P4: common_http_protocol_options.idle_timeout (1h); 0: none
  std::uint64_t max_requests_per_connection = 0;  // P5: 0 = unlimited
  std::uint64_t max_connections = unlimited;      // P8: circuit breakers; over them: overflow, flag UO
  std::uint64_t max_pending_requests = unlimited; // P9
  std::uint64_t max_requests = unlimited;         // P10
  std::uint64_t max_retries = unlimited;          // R8
};

struct RetryPolicy {
  std::uint32_t num_retries = 1;          // RetryPolicy.num_retries (Envoy's default 1)
  RetryOn retry_on;                       // tokens; unknown ones are refused here (Envoy ignores them)
  std::vector<int> retriable_status_codes;
  Millis per_try_timeout{0};              // 0: none
  Millis base_interval{25};               // retry_back_off.base_interval (runtime upstream.base_retry_backoff_ms)
  std::optional<Millis> max_interval;     // default 10 x base_interval
  Millis max_interval_or_default() const { return max_interval.value_or(base_interval * 10); }
};

// One Envoy route: one match (Istio makes a route per VirtualService match entry).
struct RouteMatch {
  std::string prefix = "/";               // the path starts with it ("" when `exact` is used)
  std::string exact;                      // the path without its query string equals it
  std::string method;                     // "" = any
  bool ignore_case = false;               // VirtualService ignoreUriCase
};

struct RouteSettings {
  std::string name = "default";           // %ROUTE_NAME% ("" prints "-")
  RouteMatch match;
  std::string cluster;                    // a name from `clusters`
  Millis timeout{0};                      // R13: route timeout; 0: none (Istio's default)
  std::optional<RetryPolicy> retry_policy;  // absent: the route never retries
};

struct AccessLogSettings {
  std::string path;    // "" = no access log
  std::string format;  // Envoy command operators; "" = Istio's default for the version
};

struct SidecarConfig {
  Role role = Role::outbound;
  std::string istio = "1.24";             // the Istio version whose Envoy is modelled
  EnvoyBehaviour envoy;                   // from `istio`
  std::string listen = "127.0.0.1:0";     // host:port; port 0 picks one (see the ready file)
  std::string upstream;                   // host:port: the one endpoint of every cluster
  std::string admin = "127.0.0.1:0";      // GET /ready, GET /stats
  std::uint64_t seed = 0;                 // back-off draws and request ids
  std::string server_name;                // I11: "envoy" outbound, "istio-envoy" inbound by default
  ServerHeader server_header = ServerHeader::overwrite;
  std::uint64_t max_request_bytes = 64u << 20;  // the model reads whole requests; more: 413
  // R10: a request body longer than this is not kept for a retry, so the request is not retried
  // (the listener's per_connection_buffer_limit_bytes, Envoy's default 1 MiB; Istio sets none).
  std::uint64_t retry_buffer_limit_bytes = 1u << 20;
  bool attempt_count_header = true;       // R11: x-envoy-attempt-count on requests (outbound only by default)
  std::vector<ClusterSettings> clusters;  // at least one; default: one named "<role>|<upstream port>||"
  std::vector<RouteSettings> routes;      // first match wins; default: one "default" route for "/"
  AccessLogSettings access_log;
};

// "FILE:LINE:COL: field 'routes[0].retry_policy.num_retries': expected ..." for anything wrong in a file.
class SidecarConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Strict: unknown keys, wrong types and out-of-range values are errors. `file` names the source in messages.
SidecarConfig parse_sidecar_config(const std::string& text, const std::string& file);
SidecarConfig load_sidecar_config(const std::string& path);

const char* to_string(Role role);

// Istio's sidecar text format (istio/istio pilot/pkg/model/telemetry_logging.go `EnvoyTextLogFormat`;
// `cluster_operator` is %UPSTREAM_CLUSTER_RAW% from 1.23, %UPSTREAM_CLUSTER% before).
std::string istio_access_log_format(const std::string& cluster_operator);

}  // namespace rwchaos::harness::mesh
