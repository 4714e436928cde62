// DestinationRule: trafficPolicy (and subsets' and ports') connectionPool, the keep-alive warning.
// Field meanings: docs/envoy-semantics.md §4.
#include <fmt/format.h>

#include "faults/config/duration.hpp"
#include "harness/istio/istio_schema.hpp"
#include "harness/istio/istio_yaml_checks.hpp"

namespace rwchaos::harness::istio {
namespace {

using std::chrono::milliseconds;

class DestinationRuleWalker : YamlChecks {
 public:
  DestinationRuleWalker(IstioPolicy& out, milliseconds upstream_keepalive, IstioRelease release)
      : YamlChecks(out, release), upstream_keepalive_(upstream_keepalive) {}

  void destination_rule(const YAML::Node& spec, const std::string& resource) {
    if (!check_map(spec, "spec", "DestinationRule")) return;
    check_other_fields(spec, "spec", "DestinationRule", {"host", "trafficPolicy", "subsets"});
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
      check_other_fields(subsets[i], field, "Subset", {"trafficPolicy"});
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
    check_other_fields(node, field, "TrafficPolicy", {"connectionPool", "portLevelSettings"});
    if (const YAML::Node pool_node = node["connectionPool"]) {
      connection_pool(pool_node, field + ".connectionPool", pool);
    }
    const YAML::Node ports = node["portLevelSettings"];
    if (!ports) return;
    if (!ports.IsSequence()) return error(ports, field + ".portLevelSettings", "expected a list");
    for (std::size_t i = 0; i < ports.size(); ++i) {
      const std::string port_field = fmt::format("{}.portLevelSettings[{}]", field, i);
      if (!check_map(ports[i], port_field, "PortTrafficPolicy")) continue;
      check_other_fields(ports[i], port_field, "PortTrafficPolicy", {"connectionPool"});
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
    if (const YAML::Node value = node["http2KeepAlive"]; value && release_.has(find_field("HTTPSettings", "http2KeepAlive")->since)) {
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
    // The webhook checks tcp.idleTimeout and tcpKeepalive durations from 1.23 (docs/envoy-semantics.md §4).
    const bool checked = release_.has(23);
    if (const YAML::Node value = node["idleTimeout"]) duration(value, field + ".idleTimeout", true, checked);
    const YAML::Node keepalive = node["tcpKeepalive"];
    if (!keepalive || !check_map(keepalive, field + ".tcpKeepalive", "TcpKeepalive")) return;
    if (const YAML::Node value = keepalive["probes"]) {
      if (auto n = integer(value, field + ".tcpKeepalive.probes", 0)) pool.tcp_keepalive_probes = static_cast<int>(*n);
    }
    if (const YAML::Node value = keepalive["time"]) {
      pool.tcp_keepalive_time = duration(value, field + ".tcpKeepalive.time", false, checked);
    }
    if (const YAML::Node value = keepalive["interval"]) {
      pool.tcp_keepalive_interval = duration(value, field + ".tcpKeepalive.interval", false, checked);
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
                        faults::config::format_duration(pool.effective_idle_timeout()),
                        pool.idle_timeout ? "" : " (Istio's default, unset)",
                        faults::config::format_duration(upstream_keepalive_), faults::config::format_duration(upstream_keepalive_)));
  }

 private:
  milliseconds upstream_keepalive_;
};

}  // namespace

void check_destination_rule(IstioPolicy& out, const YAML::Node& spec, const std::string& resource,
                            milliseconds upstream_keepalive, IstioRelease release) {
  DestinationRuleWalker(out, upstream_keepalive, release).destination_rule(spec, resource);
}

}  // namespace rwchaos::harness::istio
