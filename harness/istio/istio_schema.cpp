#include "harness/istio/istio_schema.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

#include "faults/config/closest_word.hpp"

namespace rwchaos::harness::istio {
namespace {

using Kind = FieldType::Kind;

// Shorthands for the table below.
constexpr FieldType msg(std::string_view type, int since = 0) { return {Kind::message, type, false, since}; }
constexpr FieldType msgs(std::string_view type, int since = 0) { return {Kind::message, type, true, since}; }
constexpr FieldType str(int since = 0) { return {Kind::string, {}, false, since}; }
constexpr FieldType strs() { return {Kind::string, {}, true, 0}; }
constexpr FieldType integer(int since = 0) { return {Kind::integer, {}, false, since}; }
constexpr FieldType integers(int since = 0) { return {Kind::integer, {}, true, since}; }
constexpr FieldType boolean(int since = 0) { return {Kind::boolean, {}, false, since}; }
constexpr FieldType number() { return {Kind::number, {}, false, 0}; }
constexpr FieldType duration(int since = 0) { return {Kind::duration, {}, false, since}; }
constexpr FieldType string_map() { return {Kind::string_map, {}, false, 0}; }
constexpr FieldType message_map(std::string_view type) { return {Kind::message_map, type, false, 0}; }
constexpr FieldType enumeration(std::string_view type, int since = 0) { return {Kind::enumeration, type, false, since}; }

using Message = std::map<std::string, FieldType, std::less<>>;

// istio/api networking/v1alpha3/destination_rule.proto and virtual_service.proto as tagged 1.22.0
// (c1e61b76), 1.23.0 (c83088d6), 1.24.0 (6bdb779d); fields added later carry the release that
// added them (tags 1.26.0, 1.27.0, 1.28.0; `since` 31 marks fields of the main branch after 1.30.0,
// b8f8791d). Wrapper types (BoolValue, UInt32Value, DoubleValue) are written as their value.
// WorkloadSelector is istio.type.v1beta1's (type/v1beta1/selector.proto).
const std::map<std::string, Message, std::less<>>& schema() {
  static const std::map<std::string, Message, std::less<>> messages = {
      // DestinationRule
      {"DestinationRule",
       {{"host", str()}, {"trafficPolicy", msg("TrafficPolicy")}, {"subsets", msgs("Subset")},
        {"exportTo", strs()}, {"workloadSelector", msg("WorkloadSelector")}}},
      {"WorkloadSelector", {{"matchLabels", string_map()}}},
      {"TrafficPolicy",
       {{"loadBalancer", msg("LoadBalancerSettings")}, {"connectionPool", msg("ConnectionPoolSettings")},
        {"outlierDetection", msg("OutlierDetection")}, {"tls", msg("ClientTLSSettings")},
        {"portLevelSettings", msgs("PortTrafficPolicy")}, {"tunnel", msg("TunnelSettings")},
        {"proxyProtocol", msg("ProxyProtocol")}, {"retryBudget", msg("RetryBudget", 27)}}},
      {"RetryBudget", {{"percent", number()}, {"minRetryConcurrency", integer()}, {"budgetInterval", duration()}}},
      {"PortTrafficPolicy",
       {{"port", msg("PortSelector")}, {"loadBalancer", msg("LoadBalancerSettings")},
        {"connectionPool", msg("ConnectionPoolSettings")}, {"outlierDetection", msg("OutlierDetection")},
        {"tls", msg("ClientTLSSettings")}}},
      {"PortSelector", {{"number", integer()}}},
      {"TunnelSettings", {{"protocol", str()}, {"targetHost", str()}, {"targetPort", integer()}}},
      {"ProxyProtocol", {{"version", enumeration("ProxyProtocolVersion")}}},
      {"Subset", {{"name", str()}, {"labels", string_map()}, {"trafficPolicy", msg("TrafficPolicy")}}},
      {"ConnectionPoolSettings", {{"tcp", msg("TCPSettings")}, {"http", msg("HTTPSettings")}}},
      {"HTTPSettings",
       {{"http1MaxPendingRequests", integer()}, {"http2MaxRequests", integer()},
        {"maxRequestsPerConnection", integer()}, {"maxRetries", integer()}, {"idleTimeout", duration()},
        {"h2UpgradePolicy", enumeration("H2UpgradePolicy")}, {"useClientProtocol", boolean()},
        {"maxConcurrentStreams", integer()}, {"http2KeepAlive", msg("ConnectionKeepalive", 31)}}},
      {"ConnectionKeepalive", {{"interval", duration()}, {"timeout", duration()}}},
      {"TCPSettings",
       {{"maxConnections", integer()}, {"connectTimeout", duration()}, {"tcpKeepalive", msg("TcpKeepalive")},
        {"maxConnectionDuration", duration()}, {"idleTimeout", duration()}}},
      {"TcpKeepalive", {{"probes", integer()}, {"time", duration()}, {"interval", duration()}}},
      {"LoadBalancerSettings",
       {{"simple", enumeration("SimpleLB")}, {"consistentHash", msg("ConsistentHashLB")},
        {"localityLbSetting", msg("LocalityLoadBalancerSetting")},
        {"zoneAwareLbSetting", msg("ZoneAwareLoadBalancerSetting", 31)}, {"warmupDurationSecs", duration()},
        {"warmup", msg("WarmupConfiguration", 24)}}},
      {"ConsistentHashLB",
       {{"httpHeaderName", str()}, {"httpCookie", msg("HTTPCookie")}, {"useSourceIp", boolean()},
        {"httpQueryParameterName", str()}, {"ringHash", msg("RingHash")}, {"maglev", msg("MagLev")},
        {"minimumRingSize", integer()}}},
      {"HTTPCookie", {{"name", str()}, {"path", str()}, {"ttl", duration()}, {"attributes", msgs("CookieAttribute", 28)}}},
      {"CookieAttribute", {{"name", str()}, {"value", str()}}},
      {"RingHash", {{"minimumRingSize", integer()}}},
      {"MagLev", {{"tableSize", integer()}}},
      {"LocalityLoadBalancerSetting",
       {{"distribute", msgs("LocalityDistribute")}, {"failover", msgs("LocalityFailover")},
        {"failoverPriority", strs()}, {"enabled", boolean()}}},
      {"LocalityDistribute", {{"from", str()}, {"to", string_map()}}},
      {"LocalityFailover", {{"from", str()}, {"to", str()}}},
      {"ZoneAwareLoadBalancerSetting",
       {{"enabled", boolean()}, {"failover", msgs("LocalityFailover")}, {"failoverPriority", strs()},
        {"minClusterSize", integer()}}},
      {"WarmupConfiguration", {{"duration", duration()}, {"minimumPercent", number()}, {"aggression", number()}}},
      {"OutlierDetection",
       {{"consecutiveErrors", integer()}, {"splitExternalLocalOriginErrors", boolean()},
        {"consecutiveLocalOriginFailures", integer()}, {"consecutiveGatewayErrors", integer()},
        {"consecutive5xxErrors", integer()}, {"interval", duration()}, {"baseEjectionTime", duration()},
        {"maxEjectionPercent", integer()}, {"minHealthPercent", integer()},
        {"outlierDetectionHttpErrorCodes", integers(31)}}},
      {"ClientTLSSettings",
       {{"mode", enumeration("TLSmode")}, {"clientCertificate", str()}, {"privateKey", str()},
        {"caCertificates", str()}, {"credentialName", str()}, {"subjectAltNames", strs()}, {"sni", str()},
        {"insecureSkipVerify", boolean()}, {"caCrl", str()}}},
      // VirtualService
      {"VirtualService",
       {{"hosts", strs()}, {"gateways", strs()}, {"http", msgs("HTTPRoute")}, {"tls", msgs("TLSRoute")},
        {"tcp", msgs("TCPRoute")}, {"exportTo", strs()}}},
      {"HTTPRoute",
       {{"name", str()}, {"match", msgs("HTTPMatchRequest")}, {"route", msgs("HTTPRouteDestination")},
        {"redirect", msg("HTTPRedirect")}, {"directResponse", msg("HTTPDirectResponse")},
        {"delegate", msg("Delegate")}, {"rewrite", msg("HTTPRewrite")}, {"timeout", duration()},
        {"retries", msg("HTTPRetry")}, {"fault", msg("HTTPFaultInjection")}, {"mirror", msg("Destination")},
        {"mirrors", msgs("HTTPMirrorPolicy")}, {"mirrorPercent", integer()}, {"mirrorPercentage", msg("Percent")},
        {"corsPolicy", msg("CorsPolicy")}, {"headers", msg("Headers")}}},
      {"HTTPMatchRequest",
       {{"name", str()}, {"uri", msg("StringMatch")}, {"scheme", msg("StringMatch")},
        {"method", msg("StringMatch")}, {"authority", msg("StringMatch")}, {"headers", message_map("StringMatch")},
        {"port", integer()}, {"sourceLabels", string_map()}, {"gateways", strs()},
        {"queryParams", message_map("StringMatch")}, {"ignoreUriCase", boolean()},
        {"withoutHeaders", message_map("StringMatch")}, {"sourceNamespace", str()}, {"statPrefix", str()}}},
      {"StringMatch", {{"exact", str()}, {"prefix", str()}, {"regex", str()}}},
      {"HTTPRouteDestination", {{"destination", msg("Destination")}, {"weight", integer()}, {"headers", msg("Headers")}}},
      {"Destination", {{"host", str()}, {"subset", str()}, {"port", msg("PortSelector")}}},
      {"Headers", {{"request", msg("HeaderOperations")}, {"response", msg("HeaderOperations")}}},
      {"HeaderOperations", {{"set", string_map()}, {"add", string_map()}, {"remove", strs()}}},
      {"HTTPRedirect",
       {{"uri", str()}, {"authority", str()}, {"port", integer()}, {"derivePort", enumeration("RedirectPortSelection")},
        {"scheme", str()}, {"redirectCode", integer()}, {"prefixRewrite", str(31)}}},
      {"HTTPDirectResponse", {{"status", integer()}, {"body", msg("HTTPBody")}}},
      {"HTTPBody", {{"string", str()}, {"bytes", str()}}},
      {"Delegate", {{"name", str()}, {"namespace", str()}}},
      {"HTTPRewrite", {{"uri", str()}, {"authority", str()}, {"uriRegexRewrite", msg("RegexRewrite")}}},
      {"RegexRewrite", {{"match", str()}, {"rewrite", str()}}},
      {"HTTPRetry",
       {{"attempts", integer()}, {"perTryTimeout", duration()}, {"retryOn", str()},
        {"retryRemoteLocalities", boolean()}, {"retryIgnorePreviousHosts", boolean(26)}, {"backoff", duration(26)}}},
      {"HTTPFaultInjection", {{"delay", msg("FaultDelay")}, {"abort", msg("FaultAbort")}}},
      {"FaultDelay",
       {{"percent", integer()}, {"fixedDelay", duration()}, {"exponentialDelay", duration()},
        {"percentage", msg("Percent")}}},
      {"FaultAbort", {{"httpStatus", integer()}, {"grpcStatus", str()}, {"http2Error", str()}, {"percentage", msg("Percent")}}},
      {"Percent", {{"value", number()}}},
      {"HTTPMirrorPolicy", {{"destination", msg("Destination")}, {"percentage", msg("Percent")}}},
      {"CorsPolicy",
       {{"allowOrigin", strs()}, {"allowOrigins", msgs("StringMatch")}, {"allowMethods", strs()},
        {"allowHeaders", strs()}, {"exposeHeaders", strs()}, {"maxAge", duration()}, {"allowCredentials", boolean()},
        {"unmatchedPreflights", enumeration("UnmatchedPreflights", 23)}}},
      {"TLSRoute", {{"match", msgs("TLSMatchAttributes")}, {"route", msgs("RouteDestination")}}},
      {"TLSMatchAttributes",
       {{"sniHosts", strs()}, {"destinationSubnets", strs()}, {"port", integer()}, {"sourceLabels", string_map()},
        {"gateways", strs()}, {"sourceNamespace", str()}}},
      {"TCPRoute", {{"match", msgs("L4MatchAttributes")}, {"route", msgs("RouteDestination")}}},
      {"L4MatchAttributes",
       {{"destinationSubnets", strs()}, {"port", integer()}, {"sourceSubnet", str()}, {"sourceLabels", string_map()},
        {"gateways", strs()}, {"sourceNamespace", str()}}},
      {"RouteDestination", {{"destination", msg("Destination")}, {"weight", integer()}}},
  };
  return messages;
}

const std::map<std::string, std::vector<std::string>, std::less<>>& enums() {
  static const std::map<std::string, std::vector<std::string>, std::less<>> values = {
      {"ProxyProtocolVersion", {"V1", "V2"}},
      {"SimpleLB", {"UNSPECIFIED", "LEAST_CONN", "RANDOM", "PASSTHROUGH", "ROUND_ROBIN", "LEAST_REQUEST"}},
      {"H2UpgradePolicy", {"DEFAULT", "DO_NOT_UPGRADE", "UPGRADE"}},
      {"TLSmode", {"DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL"}},
      {"RedirectPortSelection", {"FROM_PROTOCOL_DEFAULT", "FROM_REQUEST_PORT"}},
      {"UnmatchedPreflights", {"UNSPECIFIED", "FORWARD", "IGNORE"}},
  };
  return values;
}

// Envoy source/common/http/headers.h EnvoyRetryOnValues + EnvoyRetryOnGrpcValues, as Istio's
// webhook lists them; the two added in Istio 1.23 carry 23.
const std::map<std::string, int, std::less<>>& retry_tokens() {
  static const std::map<std::string, int, std::less<>> tokens = {
      {"5xx", 0}, {"gateway-error", 0}, {"reset", 0}, {"reset-before-request", 23}, {"connect-failure", 0},
      {"retriable-4xx", 0}, {"refused-stream", 0}, {"retriable-status-codes", 0}, {"retriable-headers", 0},
      {"envoy-ratelimited", 0}, {"http3-post-connect-failure", 23}, {"cancelled", 0}, {"deadline-exceeded", 0},
      {"internal", 0}, {"resource-exhausted", 0}, {"unavailable", 0}};
  return tokens;
}

std::string squash(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != '_' && c != '-') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

std::string IstioRelease::name() const {
  return minor == newest_minor ? "the newest Istio API" : "Istio 1." + std::to_string(minor);
}

const std::vector<std::string>& modelled_istio_releases() {
  static const std::vector<std::string> releases = {"1.22", "1.23", "1.24"};
  return releases;
}

std::optional<IstioRelease> istio_release(std::string_view version) {
  for (const auto& release : modelled_istio_releases())
    if (version == release) return IstioRelease{std::stoi(release.substr(2))};
  return std::nullopt;
}

const FieldType* find_field(std::string_view message, std::string_view name) {
  const auto& messages = schema();
  const auto it = messages.find(message);
  if (it == messages.end()) return nullptr;
  const auto field = it->second.find(name);
  return field == it->second.end() ? nullptr : &field->second;
}

std::set<std::string> known_fields(std::string_view message, IstioRelease release) {
  std::set<std::string> names;
  const auto& messages = schema();
  const auto it = messages.find(message);
  if (it == messages.end()) return names;
  for (const auto& [name, type] : it->second)
    if (release.has(type.since)) names.insert(name);
  return names;
}

const std::vector<std::string>& enum_values(std::string_view name) {
  static const std::vector<std::string> none;
  const auto it = enums().find(name);
  return it == enums().end() ? none : it->second;
}

std::set<std::string> retry_on_tokens(IstioRelease release) {
  std::set<std::string> names;
  for (const auto& [token, since] : retry_tokens())
    if (release.has(since)) names.insert(token);
  return names;
}

std::optional<int> retry_on_token_since(std::string_view token) {
  const auto it = retry_tokens().find(token);
  if (it == retry_tokens().end()) return std::nullopt;
  return it->second;
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

RetryOnParts split_retry_on(std::string_view text, bool trim_parts) {
  RetryOnParts parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string_view part = text.substr(start, comma - start);
    if (trim_parts) {
      part.remove_prefix(std::min(part.find_first_not_of(" \t"), part.size()));
      part.remove_suffix(part.size() - std::min(part.find_last_not_of(" \t") + 1, part.size()));
    }
    int code = 0;
    // strconv.Atoi-like: digits only here (a sign is no status the validator accepts).
    const bool digits = !part.empty() && part.find_first_not_of("0123456789") == std::string_view::npos;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), code);
    if (digits && error == std::errc{} && end == part.data() + part.size() && is_known_http_status(code))
      parts.status_codes.push_back(code);
    else if (!part.empty() || !trim_parts)
      parts.tokens.emplace_back(part);
    if (comma == text.size()) break;
    start = comma + 1;
  }
  return parts;
}

}  // namespace rwchaos::harness::istio
