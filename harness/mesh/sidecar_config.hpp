#pragma once
// What one sidecar does: the JSON file `rwchaos sidecar --config FILE` reads (docs/internals.md
// "The sidecar"). It is written by the harness from the user's Istio policies; every field is an
// Envoy setting of the listener, route or cluster Istio would generate, or a knob for behaviour that
// differs between the Envoy versions the modelled Istio versions ship.
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

struct ClusterSettings {
  std::string name;                       // %UPSTREAM_CLUSTER_RAW%, e.g. outbound|8480||vminsert.default.svc.cluster.local
  Millis connect_timeout{10'000};         // Cluster.connect_timeout (Istio's default 10s)
  Millis idle_timeout{3'600'000};         // common_http_protocol_options.idle_timeout (Envoy's default 1h)
  std::uint64_t max_requests_per_connection = 0;  // 0: unlimited
  std::uint64_t max_connections = unlimited;      // circuit breakers; over them: overflow, flag UO
  std::uint64_t max_pending_requests = unlimited;
  std::uint64_t max_requests = unlimited;
  std::uint64_t max_retries = unlimited;
};

struct RetryPolicy {
  std::uint32_t num_retries = 1;          // RetryPolicy.num_retries (Envoy's default 1)
  RetryOn retry_on;                       // tokens; unknown ones are refused here (Envoy ignores them)
  std::vector<int> retriable_status_codes;
  Millis per_try_timeout{0};              // 0: none
  Millis base_interval{25};               // retry_back_off.base_interval
  std::optional<Millis> max_interval;     // default 10 x base_interval
  Millis max_interval_or_default() const { return max_interval.value_or(base_interval * 10); }
};

struct RouteSettings {
  std::string name = "default";           // %ROUTE_NAME%
  Millis timeout{0};                      // route timeout; 0: none (Istio's default)
  std::optional<RetryPolicy> retry_policy;  // absent: the route never retries
  // A request body longer than this is not buffered for a retry, so the request is not retried
  // (Envoy's per_connection_buffer_limit_bytes, default 1 MiB, caps retry_shadow_buffer_limit).
  std::uint64_t retry_buffer_limit_bytes = 1u << 20;
};

struct AccessLogSettings {
  std::string path;    // "" = no access log
  std::string format;  // Envoy command operators; "" = the default below
};

// Istio's sidecar text format (istio/istio pilot/pkg/model/telemetry_logging.go `EnvoyTextLogFormat`).
extern const char* const istio_access_log_format;

struct SidecarConfig {
  Role role = Role::outbound;
  std::string istio = "1.24";             // the Istio version whose generated config this is (reports only)
  std::string listen = "127.0.0.1:0";     // host:port; port 0 picks one (see the ready file)
  std::string upstream;                   // host:port the cluster's one endpoint
  std::string admin = "127.0.0.1:0";      // GET /ready, GET /stats
  std::uint64_t seed = 0;                 // back-off jitter and request ids
  std::string server_name = "istio-envoy";
  ServerHeader server_header = ServerHeader::overwrite;
  std::uint64_t max_request_bytes = 64u << 20;  // the model reads whole requests; more: 413
  ClusterSettings cluster;
  RouteSettings route;
  AccessLogSettings access_log;
};

// "FILE:LINE:COL: field 'route.retry_policy.num_retries': expected ..." for anything wrong in a file.
class SidecarConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Strict: unknown keys, wrong types and out-of-range values are errors. `file` names the source in messages.
SidecarConfig parse_sidecar_config(const std::string& text, const std::string& file);
SidecarConfig load_sidecar_config(const std::string& path);

const char* to_string(Role role);

}  // namespace rwchaos::harness::mesh
