#include "harness/istio/istio_schema.hpp"

#include "faults/config/closest_word.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

namespace rwchaos::harness::istio {
namespace {

// Field lists from istio/api networking/v1alpha3 (destination_rule.proto, virtual_service.proto)
// at b8f8791d (July 2026). Only messages on the path to the policy rwchaos tests are listed.
const std::map<std::string, std::set<std::string>, std::less<>>& schema() {
  static const std::map<std::string, std::set<std::string>, std::less<>> messages = {
      {"DestinationRule", {"host", "trafficPolicy", "subsets", "exportTo", "workloadSelector"}},
      {"TrafficPolicy",
       {"loadBalancer", "connectionPool", "outlierDetection", "tls", "portLevelSettings", "tunnel",
        "proxyProtocol", "retryBudget"}},
      {"PortTrafficPolicy", {"port", "loadBalancer", "connectionPool", "outlierDetection", "tls"}},
      {"Subset", {"name", "labels", "trafficPolicy"}},
      {"ConnectionPoolSettings", {"tcp", "http"}},
      {"HTTPSettings",
       {"http1MaxPendingRequests", "http2MaxRequests", "maxRequestsPerConnection", "maxRetries",
        "idleTimeout", "h2UpgradePolicy", "useClientProtocol", "maxConcurrentStreams",
        "http2KeepAlive"}},
      {"ConnectionKeepalive", {"interval", "timeout"}},
      {"TCPSettings",
       {"maxConnections", "connectTimeout", "tcpKeepalive", "maxConnectionDuration", "idleTimeout"}},
      {"TcpKeepalive", {"probes", "time", "interval"}},
      {"VirtualService", {"hosts", "gateways", "http", "tls", "tcp", "exportTo"}},
      {"HTTPRoute",
       {"name", "match", "route", "redirect", "directResponse", "delegate", "rewrite", "timeout",
        "retries", "fault", "mirror", "mirrors", "mirrorPercent", "mirrorPercentage", "corsPolicy",
        "headers"}},
      {"HTTPRetry",
       {"attempts", "perTryTimeout", "retryOn", "retryRemoteLocalities", "retryIgnorePreviousHosts",
        "backoff"}},
  };
  return messages;
}

std::string squash(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != '_' && c != '-') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

const std::set<std::string>& known_fields(std::string_view message) {
  static const std::set<std::string> none;
  const auto& messages = schema();
  const auto it = messages.find(message);
  return it == messages.end() ? none : it->second;
}

const std::set<std::string>& retry_on_tokens() {
  // Envoy source/common/http/headers.h EnvoyRetryOnValues + EnvoyRetryOnGrpcValues.
  static const std::set<std::string> tokens = {
      "5xx", "gateway-error", "reset", "reset-before-request", "connect-failure", "retriable-4xx",
      "refused-stream", "retriable-status-codes", "retriable-headers", "envoy-ratelimited",
      "http3-post-connect-failure", "cancelled", "deadline-exceeded", "internal",
      "resource-exhausted", "unavailable"};
  return tokens;
}

bool is_known_http_status(int code) {
  static const std::set<int> codes = {
      100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303,
      304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413,
      414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502,
      503, 504, 505, 506, 507, 508, 510, 511};
  return codes.count(code) != 0;
}

std::string suggest_field(std::string_view key, const std::set<std::string>& known) {
  return faults::config::closest_word(key, known, squash);
}

}  // namespace rwchaos::harness::istio
