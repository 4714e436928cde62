// Walks Istio YAML documents once, checking the fields rwchaos relies on and collecting the policy
// under test. Field semantics and the webhook rules mirrored here: docs/envoy-semantics.md §2-§4.
#include "harness/scenario/istio_policy.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "harness/scenario/istio_duration.hpp"
#include "harness/scenario/istio_schema.hpp"

namespace rwchaos::harness {
namespace {

using std::chrono::milliseconds;
constexpr milliseconds istio_default_idle_timeout = std::chrono::hours(1);

// node[key] without yaml-cpp's throws: an undefined node unless `node` is a mapping with `key`.
YAML::Node child(const YAML::Node& node, const char* key) {
  if (!node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  return node[key];
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

class Walker {
 public:
  Walker(IstioPolicy& out, milliseconds upstream_keepalive)
      : out_(out), upstream_keepalive_(upstream_keepalive) {}

  void file(const std::vector<YAML::Node>& documents) {
    for (const auto& document : documents) this->document(document);
    if (checked_resources_ == 0 && out_.errors.empty()) {
      // Not an error: `rwchaos validate` sees every Kubernetes manifest of a suite folder.
      out_.warnings.push_back(fmt::format("{}:1:1: warning: no DestinationRule or VirtualService in this "
                                          "file; nothing for rwchaos to check", out_.file));
    }
  }

 private:
  IstioPolicy& out_;
  milliseconds upstream_keepalive_;
  int checked_resources_ = 0;

  std::string at(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return out_.file;
    return fmt::format("{}:{}:{}", out_.file, mark.line + 1, mark.column + 1);
  }
  std::string line_of(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    return mark.is_null() ? out_.file : fmt::format("{}:{}", out_.file, mark.line + 1);
  }
  void error(const YAML::Node& node, const std::string& field, const std::string& message) {
    out_.errors.push_back(fmt::format("{}: field '{}': {}", at(node), field, message));
  }
  void warning(const YAML::Node& node, const std::string& field, const std::string& message) {
    out_.warnings.push_back(fmt::format("{}: warning: field '{}': {}", at(node), field, message));
  }

  // A map whose keys must all be known fields of `message`; unknown keys are errors because a
  // typo silently disables the policy (Kubernetes only warns about unknown fields by default).
  bool check_map(const YAML::Node& node, const std::string& field, std::string_view message) {
    if (!node.IsMap()) {
      error(node, field, fmt::format("expected a mapping ({}), got {}", message, describe(node)));
      return false;
    }
    const auto& known = istio::known_fields(message);
    for (const auto& entry : node) {
      const std::string key = entry.first.Scalar();
      if (known.count(key) != 0) continue;
      const std::string suggestion = istio::suggest_field(key, known);
      error(entry.first, field.empty() ? key : field + "." + key,
            fmt::format("unknown field in {}{}", message,
                        suggestion.empty() ? "" : fmt::format(" (did you mean '{}'?)", suggestion)));
    }
    return true;
  }

  static std::string describe(const YAML::Node& node) {
    switch (node.Type()) {
      case YAML::NodeType::Sequence: return "a list";
      case YAML::NodeType::Map: return "a mapping";
      case YAML::NodeType::Null: return "nothing";
      case YAML::NodeType::Scalar: return fmt::format("\"{}\"", node.Scalar());
      default: return "an undefined node";
    }
  }

  static bool quoted(const YAML::Node& node) { return node.Tag() == "!"; }

  std::optional<long long> integer(const YAML::Node& node, const std::string& field, long long min) {
    long long value = 0;
    std::size_t used = 0;
    bool ok = node.IsScalar() && !quoted(node);
    if (ok) {
      try {
        value = std::stoll(node.Scalar(), &used);
      } catch (const std::exception&) {
        ok = false;
      }
    }
    if (!ok || used != node.Scalar().size()) {
      error(node, field, fmt::format("expected an integer, got {}", describe(node)));
      return std::nullopt;
    }
    if (value < min || value > 2147483647LL) {
      error(node, field, fmt::format("must be between {} and 2147483647, got {}", min, value));
      return std::nullopt;
    }
    return value;
  }

  std::optional<bool> boolean(const YAML::Node& node, const std::string& field) {
    const std::string text = node.IsScalar() && !quoted(node) ? node.Scalar() : "";
    if (text == "true") return true;
    if (text == "false") return false;
    error(node, field, fmt::format("expected true or false, got {}", describe(node)));
    return std::nullopt;
  }

  std::optional<milliseconds> duration(const YAML::Node& node, const std::string& field,
                                       bool allow_zero) {
    if (!node.IsScalar()) {
      error(node, field, fmt::format("expected a duration like 30s, got {}", describe(node)));
      return std::nullopt;
    }
    const auto parsed = parse_istio_duration(node.Scalar());
    if (const auto* message = std::get_if<std::string>(&parsed)) {
      error(node, field, *message);
      return std::nullopt;
    }
    const auto nanos = std::get<std::chrono::nanoseconds>(parsed);
    if (const std::string problem = check_istio_duration_range(nanos, allow_zero); !problem.empty()) {
      error(node, field, fmt::format("\"{}\": {}", node.Scalar(), problem));
      return std::nullopt;
    }
    return std::chrono::duration_cast<milliseconds>(nanos);
  }

  void document(const YAML::Node& doc) {
    if (doc.IsNull()) return;  // empty document, e.g. a trailing ---
    if (!doc.IsMap()) {
      error(doc, "", fmt::format("expected a Kubernetes resource (a mapping), got {}", describe(doc)));
      return;
    }
    const YAML::Node api_version = doc["apiVersion"];
    const YAML::Node kind = doc["kind"];
    if (!api_version || !api_version.IsScalar()) return error(doc, "apiVersion", "missing");
    if (!kind || !kind.IsScalar()) return error(doc, "kind", "missing");
    if (kind.Scalar() == "List" && api_version.Scalar() == "v1") return list(doc);
    const std::string& version = api_version.Scalar();
    if (version.rfind(istio::api_group, 0) != 0) {
      return warning(kind, "kind", fmt::format("{} {} is not an Istio networking resource; skipped",
                                               version, kind.Scalar()));
    }
    if (kind.Scalar() != "DestinationRule" && kind.Scalar() != "VirtualService") {
      return warning(kind, "kind", fmt::format("{} is not checked by rwchaos (only DestinationRule "
                                               "and VirtualService); skipped", kind.Scalar()));
    }
    const std::string group_version = version.substr(istio::api_group.size());
    if (group_version != "v1alpha3" && group_version != "v1beta1" && group_version != "v1") {
      return error(api_version, "apiVersion",
                   fmt::format("\"{}\" is not a networking.istio.io version rwchaos knows "
                               "(v1alpha3, v1beta1, v1)", version));
    }
    ++checked_resources_;
    const YAML::Node name = child(child(doc, "metadata"), "name");
    if (!name || !name.IsScalar()) error(doc, "metadata.name", "missing");
    const YAML::Node spec = doc["spec"];
    if (!spec) return error(doc, "spec", "missing");
    const std::string resource = kind.Scalar() + " " + (name && name.IsScalar() ? name.Scalar() : "?");
    if (kind.Scalar() == "DestinationRule") return destination_rule(spec, resource);
    virtual_service(spec, resource);
  }

  void list(const YAML::Node& doc) {
    const YAML::Node items = doc["items"];
    if (!items || !items.IsSequence()) return error(doc, "items", "a List needs an items list");
    for (const auto& item : items) document(item);
  }

  // ---- DestinationRule -------------------------------------------------------------------------

  void destination_rule(const YAML::Node& spec, const std::string& resource) {
    if (!check_map(spec, "spec", "DestinationRule")) return;
    std::string host;
    if (const YAML::Node node = spec["host"]; !node) {
      error(spec, "spec.host", "missing (the service the rule applies to)");
    } else if (!node.IsScalar() || node.Scalar().empty()) {
      error(node, "spec.host", fmt::format("expected a host name, got {}", describe(node)));
    } else {
      host = node.Scalar();
    }
    IstioConnectionPool top{line_of(spec) + ": " + resource + " spec.trafficPolicy", host};
    if (const YAML::Node policy = spec["trafficPolicy"]) {
      traffic_policy(policy, "spec.trafficPolicy", top, resource, host);
    }
    keep_alive_warning(top, spec["trafficPolicy"] ? spec["trafficPolicy"] : spec, "spec.trafficPolicy");
    out_.connection_pools.push_back(top);
    if (const YAML::Node subsets = spec["subsets"]) subsets_of(subsets, resource, host);
  }

  void subsets_of(const YAML::Node& subsets, const std::string& resource, const std::string& host) {
    if (!subsets.IsSequence()) return error(subsets, "spec.subsets", "expected a list");
    for (std::size_t i = 0; i < subsets.size(); ++i) {
      const std::string field = fmt::format("spec.subsets[{}]", i);
      if (!check_map(subsets[i], field, "Subset")) continue;
      const YAML::Node policy = subsets[i]["trafficPolicy"];
      if (!policy) continue;  // inherits the top-level policy
      IstioConnectionPool pool{line_of(subsets[i]) + ": " + resource + " " + field + ".trafficPolicy", host};
      traffic_policy(policy, field + ".trafficPolicy", pool, resource, host);
      if (policy.IsMap() && policy["connectionPool"]) {
        keep_alive_warning(pool, policy, field + ".trafficPolicy");
        out_.connection_pools.push_back(pool);
      }
    }
  }

  void traffic_policy(const YAML::Node& node, const std::string& field, IstioConnectionPool& pool,
                      const std::string& resource, const std::string& host) {
    if (!check_map(node, field, "TrafficPolicy")) return;
    if (const YAML::Node pool_node = node["connectionPool"]) {
      connection_pool(pool_node, field + ".connectionPool", pool);
    }
    const YAML::Node ports = node["portLevelSettings"];
    if (!ports) return;
    if (!ports.IsSequence()) return error(ports, field + ".portLevelSettings", "expected a list");
    for (std::size_t i = 0; i < ports.size(); ++i) {
      const std::string port_field = fmt::format("{}.portLevelSettings[{}]", field, i);
      if (!check_map(ports[i], port_field, "PortTrafficPolicy")) continue;
      const YAML::Node pool_node = ports[i]["connectionPool"];
      if (!pool_node) continue;
      // Port-level settings replace the top-level ones for that port (destination_rule.proto).
      IstioConnectionPool port_pool{line_of(ports[i]) + ": " + resource + " " + port_field, host};
      connection_pool(pool_node, port_field + ".connectionPool", port_pool);
      keep_alive_warning(port_pool, ports[i], port_field);
      out_.connection_pools.push_back(port_pool);
    }
  }

  void connection_pool(const YAML::Node& node, const std::string& field, IstioConnectionPool& pool) {
    if (!check_map(node, field, "ConnectionPoolSettings")) return;
    if (!node["http"] && !node["tcp"]) error(node, field, "connection pool must have at least one field");
    if (const YAML::Node http = node["http"]) http_settings(http, field + ".http", pool);
    if (const YAML::Node tcp = node["tcp"]) tcp_settings(tcp, field + ".tcp", pool);
  }

  void http_settings(const YAML::Node& node, const std::string& field, IstioConnectionPool& pool) {
    if (!check_map(node, field, "HTTPSettings")) return;
    for (const char* counter : {"http1MaxPendingRequests", "http2MaxRequests", "maxRetries",
                                "maxConcurrentStreams"}) {
      if (const YAML::Node value = node[counter]) integer(value, field + "." + counter, 0);
    }
    if (const YAML::Node value = node["maxRequestsPerConnection"]) {
      if (auto n = integer(value, field + ".maxRequestsPerConnection", 0)) {
        pool.max_requests_per_connection = static_cast<int>(*n);
      }
    }
    if (const YAML::Node value = node["idleTimeout"]) {
      pool.idle_timeout = duration(value, field + ".idleTimeout", false);
    }
    if (const YAML::Node value = node["h2UpgradePolicy"]) {
      const std::string text = value.IsScalar() ? value.Scalar() : "";
      if (text != "DEFAULT" && text != "DO_NOT_UPGRADE" && text != "UPGRADE") {
        error(value, field + ".h2UpgradePolicy",
              fmt::format("expected DEFAULT, DO_NOT_UPGRADE or UPGRADE, got {}", describe(value)));
      }
    }
    if (const YAML::Node value = node["useClientProtocol"]) boolean(value, field + ".useClientProtocol");
    if (const YAML::Node value = node["http2KeepAlive"]) {
      if (check_map(value, field + ".http2KeepAlive", "ConnectionKeepalive")) {
        for (const char* key : {"interval", "timeout"}) {
          if (!value[key]) error(value, field + ".http2KeepAlive." + key, "required when http2KeepAlive is set");
          else duration(value[key], field + ".http2KeepAlive." + key, false);
        }
      }
    }
  }

  void tcp_settings(const YAML::Node& node, const std::string& field, IstioConnectionPool& pool) {
    if (!check_map(node, field, "TCPSettings")) return;
    if (const YAML::Node value = node["maxConnections"]) integer(value, field + ".maxConnections", 0);
    if (const YAML::Node value = node["connectTimeout"]) {
      pool.connect_timeout = duration(value, field + ".connectTimeout", false);
    }
    if (const YAML::Node value = node["maxConnectionDuration"]) {
      duration(value, field + ".maxConnectionDuration", false);
    }
    if (const YAML::Node value = node["idleTimeout"]) duration(value, field + ".idleTimeout", true);
    const YAML::Node keepalive = node["tcpKeepalive"];
    if (!keepalive || !check_map(keepalive, field + ".tcpKeepalive", "TcpKeepalive")) return;
    if (const YAML::Node value = keepalive["probes"]) {
      if (auto n = integer(value, field + ".tcpKeepalive.probes", 0)) pool.tcp_keepalive_probes = static_cast<int>(*n);
    }
    if (const YAML::Node value = keepalive["time"]) {
      pool.tcp_keepalive_time = duration(value, field + ".tcpKeepalive.time", false);
    }
    if (const YAML::Node value = keepalive["interval"]) {
      pool.tcp_keepalive_interval = duration(value, field + ".tcpKeepalive.interval", false);
    }
  }

  void keep_alive_warning(const IstioConnectionPool& pool, const YAML::Node& near, const std::string& field) {
    if (pool.keep_alive_disabled() || pool.effective_idle_timeout() < upstream_keepalive_) return;
    const YAML::Node written = child(child(child(near, "connectionPool"), "http"), "idleTimeout");
    if (written && !pool.idle_timeout) return;  // written but invalid: already an error
    const YAML::Node idle = written ? written : near;
    warning(idle, field + ".connectionPool.http.idleTimeout",
            fmt::format("idleTimeout {}{} >= the upstream's keep-alive timeout {} (VictoriaMetrics "
                        "-http.idleConnTimeout): Envoy can send a request on a connection the upstream "
                        "is closing (keep-alive race, answered as 503 UC); set idleTimeout below {}",
                        format_istio_duration(pool.effective_idle_timeout()),
                        pool.idle_timeout ? "" : " (Istio's default, unset)",
                        format_istio_duration(upstream_keepalive_), format_istio_duration(upstream_keepalive_)));
  }

  // ---- VirtualService --------------------------------------------------------------------------

  void virtual_service(const YAML::Node& spec, const std::string& resource) {
    if (!check_map(spec, "spec", "VirtualService")) return;
    std::vector<std::string> hosts;
    if (const YAML::Node node = spec["hosts"]) {
      if (!node.IsSequence()) error(node, "spec.hosts", "expected a list of hosts");
      else for (const auto& host : node) hosts.push_back(host.IsScalar() ? host.Scalar() : "?");
    }
    const YAML::Node routes = spec["http"];
    if (!routes) return;
    if (!routes.IsSequence()) return error(routes, "spec.http", "expected a list of routes");
    for (std::size_t i = 0; i < routes.size(); ++i) {
      http_route(routes[i], fmt::format("spec.http[{}]", i), resource, hosts);
    }
  }

  void http_route(const YAML::Node& node, const std::string& field, const std::string& resource,
                  const std::vector<std::string>& hosts) {
    if (!check_map(node, field, "HTTPRoute")) return;
    if (const YAML::Node timeout = node["timeout"]) duration(timeout, field + ".timeout", true);
    if (!node["route"]) return;  // redirect, directResponse or delegate: no upstream, no retries
    IstioRetryPolicy policy;
    policy.where = line_of(node) + ": " + resource + " " + field;
    policy.hosts = hosts;
    const YAML::Node retries = node["retries"];
    if (!retries) {
      policy.istio_default = true;
      policy.attempts = istio::default_retry_attempts;
      policy.retry_on = split_tokens(istio::default_retry_on);
      warning(node, field + ".retries",
              fmt::format("no retries block: Istio's default policy ({} attempts, retryOn {}) does not "
                          "retry an upstream reset before headers; Envoy will answer 503 UC",
                          istio::default_retry_attempts, istio::default_retry_on));
    } else if (!retry_policy(retries, field + ".retries", policy)) {
      return;
    }
    if (node["fault"] && !policy.istio_default && policy.attempts > 0) {
      warning(node["fault"], field + ".fault",
              "fault injection is set on this route: Istio then enables no retries or timeouts on it");
    }
    out_.retry_policies.push_back(policy);
  }

  static std::vector<std::string> split_tokens(std::string_view text) {
    std::vector<std::string> tokens;
    std::string token;
    std::istringstream in{std::string(text)};
    while (std::getline(in, token, ',')) tokens.push_back(token);
    if (!text.empty() && text.back() == ',') tokens.emplace_back();
    return tokens;
  }

  bool retry_policy(const YAML::Node& node, const std::string& field, IstioRetryPolicy& policy) {
    if (!check_map(node, field, "HTTPRetry")) return false;
    const std::size_t errors_before = out_.errors.size();
    if (const YAML::Node value = node["attempts"]) {
      const auto n = integer(value, field + ".attempts", 0);
      if (!n) return false;  // said why; "attempts: 0" advice would only confuse
      policy.attempts = static_cast<int>(*n);
    }
    if (const YAML::Node value = node["perTryTimeout"]) {
      policy.per_try_timeout = duration(value, field + ".perTryTimeout", false);
    }
    if (const YAML::Node value = node["backoff"]) duration(value, field + ".backoff", false);
    if (const YAML::Node value = node["retryRemoteLocalities"]) {
      policy.retry_remote_localities = boolean(value, field + ".retryRemoteLocalities").value_or(false);
    }
    if (const YAML::Node value = node["retryIgnorePreviousHosts"]) {
      boolean(value, field + ".retryIgnorePreviousHosts");
    }
    if (const YAML::Node value = node["retryOn"]) {
      retry_on(value, field + ".retryOn", policy);
    } else {
      policy.retry_on = split_tokens(istio::default_retry_on);  // Istio keeps the default's retryOn
    }
    if (policy.attempts == 0) {
      if (node["perTryTimeout"] || node["retryOn"] || node["retryRemoteLocalities"]) {
        // istio/istio validateHTTPRetry rejects this combination.
        error(node, field, "http retry policy configured when attempts are set to 0 (disabled): "
                           "set attempts >= 1 or remove the other retry fields");
      } else {
        warning(node, field + ".attempts", "retries are disabled (attempts: 0): an upstream reset "
                                           "before headers reaches the client as 503 UC");
      }
    }
    if (out_.errors.size() != errors_before) return false;
    if (policy.attempts == 0) policy.retry_on.clear();  // Istio installs no retry policy at all
    if (policy.attempts > 0 && !policy.retries_reset_after_send()) reset_warning(node, field, policy);
    return true;
  }

  void retry_on(const YAML::Node& node, const std::string& field, IstioRetryPolicy& policy) {
    if (!node.IsScalar() || node.Scalar().empty()) {
      return error(node, field, fmt::format("expected a comma-separated list like \"reset,connect-failure\", got {}",
                                            describe(node)));
    }
    for (const std::string& token : split_tokens(node.Scalar())) {
      if (istio::retry_on_tokens().count(token) != 0) {
        policy.retry_on.push_back(token);
        continue;
      }
      int code = 0;
      std::size_t used = 0;
      try {
        code = std::stoi(token, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == token.size() && !token.empty() && token[0] != '+' && token[0] != '-' &&
          istio::is_known_http_status(code)) {
        policy.retriable_status_codes.push_back(code);
        continue;
      }
      error(node, field, retry_on_message(token));
    }
  }

  static std::string retry_on_message(const std::string& token) {
    std::string message = fmt::format("\"{}\" is not a valid retryOn policy", token);
    if (token.empty()) return message + " (empty item: remove the extra comma)";
    if (token.find_first_of(" \t") != std::string::npos) {
      return message + " (Istio does not trim spaces: write \"5xx,reset\", not \"5xx, reset\")";
    }
    const std::set<std::string>& tokens = istio::retry_on_tokens();
    const std::string suggestion = istio::suggest_field(token, tokens);
    if (!suggestion.empty()) return message + fmt::format(" (did you mean \"{}\"?)", suggestion);
    return message + " (valid: " + join({tokens.begin(), tokens.end()}, ", ") + ", or an HTTP status code)";
  }

  void reset_warning(const YAML::Node& node, const std::string& field, const IstioRetryPolicy& policy) {
    const YAML::Node retry_on_node = node["retryOn"];
    std::vector<std::string> shown = policy.retry_on;
    for (int code : policy.retriable_status_codes) shown.push_back(std::to_string(code));
    const bool before_only = std::count(policy.retry_on.begin(), policy.retry_on.end(), "reset-before-request") != 0;
    warning(retry_on_node ? retry_on_node : node, field + ".retryOn",
            fmt::format("retryOn \"{}\"{} has no 'reset' (nor '5xx'/'gateway-error'): Envoy will answer "
                        "503 UC instead of retrying an upstream reset before headers{}",
                        join(shown, ","), retry_on_node ? "" : " (Istio's default, retryOn unset)",
                        before_only ? " ('reset-before-request' only covers resets before the request "
                                      "was sent, not the keep-alive race)"
                                    : ""));
  }
};

std::vector<YAML::Node> load_documents(const std::string& path, IstioPolicy& out) {
  std::ifstream in(path);
  if (!in) {
    out.errors.push_back(fmt::format("{}: cannot read the file", path));
    return {};
  }
  try {
    return YAML::LoadAll(in);
  } catch (const YAML::Exception& e) {
    out.errors.push_back(fmt::format("{}:{}:{}: YAML: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  return {};
}

}  // namespace

std::chrono::milliseconds IstioConnectionPool::effective_idle_timeout() const {
  return idle_timeout.value_or(istio_default_idle_timeout);
}

bool IstioConnectionPool::keep_alive_disabled() const {
  return max_requests_per_connection.has_value() && *max_requests_per_connection == 1;
}

bool IstioRetryPolicy::retries_reset_after_send() const {
  if (attempts <= 0) return false;
  return std::any_of(retry_on.begin(), retry_on.end(), [](const std::string& token) {
    return token == "reset" || token == "5xx" || token == "gateway-error";
  });
}

IstioPolicy load_istio_policy(const std::string& path, std::chrono::milliseconds upstream_keepalive) {
  IstioPolicy policy;
  policy.file = path;
  const std::vector<YAML::Node> documents = load_documents(path, policy);
  if (!policy.errors.empty()) return policy;
  try {
    Walker(policy, upstream_keepalive).file(documents);
  } catch (const YAML::Exception& e) {  // defensive: a node shape the walker did not expect
    policy.errors.push_back(fmt::format("{}:{}:{}: YAML: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  return policy;
}

nlohmann::json to_json(const IstioPolicy& policy) {
  auto ms = [](const std::optional<milliseconds>& value) -> nlohmann::json {
    return value ? nlohmann::json(format_istio_duration(*value)) : nlohmann::json(nullptr);
  };
  nlohmann::json pools = nlohmann::json::array();
  for (const auto& pool : policy.connection_pools) {
    pools.push_back({{"where", pool.where},
                     {"host", pool.host},
                     {"idle_timeout", ms(pool.idle_timeout)},
                     {"effective_idle_timeout", format_istio_duration(pool.effective_idle_timeout())},
                     {"max_requests_per_connection", pool.max_requests_per_connection
                                                         ? nlohmann::json(*pool.max_requests_per_connection)
                                                         : nlohmann::json(nullptr)},
                     {"tcp_keepalive_time", ms(pool.tcp_keepalive_time)},
                     {"tcp_keepalive_interval", ms(pool.tcp_keepalive_interval)},
                     {"connect_timeout", ms(pool.connect_timeout)}});
  }
  nlohmann::json retries = nlohmann::json::array();
  for (const auto& retry : policy.retry_policies) {
    retries.push_back({{"where", retry.where},
                       {"hosts", retry.hosts},
                       {"istio_default", retry.istio_default},
                       {"attempts", retry.attempts},
                       {"per_try_timeout", ms(retry.per_try_timeout)},
                       {"retry_on", retry.retry_on},
                       {"retriable_status_codes", retry.retriable_status_codes},
                       {"retries_reset_after_send", retry.retries_reset_after_send()}});
  }
  return {{"file", policy.file}, {"connection_pools", pools}, {"retry_policies", retries},
          {"warnings", policy.warnings}, {"errors", policy.errors}};
}

}  // namespace rwchaos::harness
