#pragma once
// The Istio policy under test, read from the DestinationRule / VirtualService YAML a user applies:
// connection pool settings (idle timeout, keep-alive) and retry policies, plus the errors and
// warnings rwchaos finds in them. Semantics and sources: docs/envoy-semantics.md.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "faults/config/located_error.hpp"
#include "harness/istio/istio_schema.hpp"

namespace rwchaos::harness {

// One connectionPool: a DestinationRule's trafficPolicy, a subset's, or a port's.
struct IstioConnectionPool {
  std::string where;  // "file:line: DestinationRule vminsert spec.trafficPolicy"
  std::string host;
  std::optional<std::chrono::milliseconds> idle_timeout;  // http.idleTimeout; unset = Istio's 1h
  std::optional<int> max_requests_per_connection;          // http.maxRequestsPerConnection
  std::optional<std::chrono::milliseconds> tcp_keepalive_time;
  std::optional<std::chrono::milliseconds> tcp_keepalive_interval;
  std::optional<int> tcp_keepalive_probes;
  std::optional<std::chrono::milliseconds> connect_timeout;

  std::chrono::milliseconds effective_idle_timeout() const;  // idle_timeout or 1h
  bool keep_alive_disabled() const;                           // maxRequestsPerConnection == 1
};

// The retry policy of one VirtualService http route, as Envoy will get it.
struct IstioRetryPolicy {
  std::string where;  // "file:line: VirtualService vminsert spec.http[0]"
  std::vector<std::string> hosts;
  bool istio_default = false;  // no `retries:` block: Istio's default policy applies
  int attempts = 0;            // 0 = retries disabled
  std::optional<std::chrono::milliseconds> per_try_timeout;
  std::vector<std::string> retry_on;          // tokens, status codes removed
  std::vector<int> retriable_status_codes;    // numbers found in retryOn
  bool retry_remote_localities = false;

  // Whether Envoy retries an upstream reset after the request was sent (the UC case):
  // attempts > 0 and one of reset, 5xx, gateway-error.
  bool retries_reset_after_send() const;
};

struct IstioPolicy {
  std::string file;
  std::vector<IstioConnectionPool> connection_pools;
  std::vector<IstioRetryPolicy> retry_policies;
  std::vector<faults::config::LocatedError> errors;  // to_string(): "file:line:col: field 'F': message"
  std::vector<std::string> warnings;  // "file:line:col: warning: field 'F': message"
};

// Reads every document of `path`, checked for `release` (its API fields and webhook rules).
// `upstream_keepalive` is the upstream's idle close (VictoriaMetrics' -http.idleConnTimeout, 1m by
// default): a connection pool that keeps connections at least as long gets a keep-alive race
// warning. Never throws; unreadable files become errors.
IstioPolicy load_istio_policy(const std::string& path,
                              std::chrono::milliseconds upstream_keepalive = std::chrono::minutes(1),
                              istio::IstioRelease release = {});
// The errors as "file:line:col: field 'F': message" lines.
std::vector<std::string> error_lines(const IstioPolicy& policy);

// For report.json: {"file", "connection_pools": [...], "retry_policies": [...], "warnings": [...]}.
nlohmann::json to_json(const IstioPolicy& policy);

}  // namespace rwchaos::harness
