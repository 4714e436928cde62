// DestinationRule -> a sidecar cluster (docs/envoy-semantics.md §7 rows I6-I8, P4-P10): which
// trafficPolicy applies (top level, the hop port's portLevelSettings entry, a subset's) and what its
// connectionPool sets. Istio: pilot/pkg/networking/core/cluster_traffic_policy.go
// `applyTrafficPolicy`, `selectTrafficPolicyComponents`; pilot/pkg/networking/core/cluster_builder.go
// `applyConnectionPool` (tcp.idleTimeout only when http.idleTimeout is unset).
#include "harness/istio/sidecar_pool_translation.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "harness/istio/istio_duration.hpp"

namespace rwchaos::harness::istio {
namespace {

std::string place(const std::string& file, const YAML::Node& node) {
  return fmt::format("{}:{}:{}", file, node.Mark().line + 1, node.Mark().column + 1);
}

// A count field where 0 (or absent) means "unset": Envoy keeps Istio's default then.
void set_count(nlohmann::json& cluster, const char* key, const YAML::Node& node) {
  if (node && node.IsScalar() && node.as<long long>(0) > 0) cluster[key] = node.as<unsigned long long>();
}

// The portLevelSettings entry for `port`, else the policy itself (I7: the entry replaces it whole).
YAML::Node for_port(const YAML::Node& policy, int port) {
  if (!policy || !policy.IsMap()) return policy;
  const YAML::Node ports = policy["portLevelSettings"];
  if (ports && ports.IsSequence()) {
    for (const auto& entry : ports) {
      const YAML::Node number = entry["port"] ? entry["port"]["number"] : YAML::Node();
      if (number && number.IsScalar() && number.as<int>(-1) == port) return entry;
    }
  }
  return policy;
}

void warn_unmodelled(const std::string& file, const YAML::Node& policy, std::vector<std::string>& warnings) {
  if (!policy || !policy.IsMap()) return;
  for (const auto& entry : policy) {
    const std::string key = entry.first.Scalar();
    if (key == "connectionPool" || key == "portLevelSettings" || key == "port") continue;
    warnings.push_back(fmt::format("{}: warning: field '{}': not modelled by the local sidecars (one endpoint, "
                                   "plain HTTP/1.1); ignored", place(file, entry.first), key));
  }
  const YAML::Node pool = policy["connectionPool"];
  if (!pool || !pool.IsMap()) return;
  for (const char* section : {"tcp", "http"}) {
    const YAML::Node fields = pool[section];
    if (!fields || !fields.IsMap()) continue;
    for (const auto& entry : fields) {
      const std::string key = entry.first.Scalar();
      static const std::set<std::string> modelled = {"maxConnections", "connectTimeout", "idleTimeout",
                                                     "http1MaxPendingRequests", "http2MaxRequests",
                                                     "maxRequestsPerConnection", "maxRetries"};
      if (modelled.count(key)) continue;
      warnings.push_back(fmt::format("{}: warning: field 'connectionPool.{}.{}': not modelled by the local sidecars "
                                     "(HTTP/1.1, no TCP keepalive); ignored", place(file, entry.first), section, key));
    }
  }
}

}  // namespace

YAML::Node select_pool(const PoolSource& source, Direction direction) {
  if (!source.rule) return YAML::Node();
  const YAML::Node top = for_port(source.rule["trafficPolicy"], source.port);
  YAML::Node pool = top ? top["connectionPool"] : YAML::Node();
  if (direction == Direction::inbound || source.subset.empty()) return pool;  // I6: never subsets inbound
  const YAML::Node subsets = source.rule["subsets"];
  if (!subsets || !subsets.IsSequence()) return pool;
  for (const auto& subset : subsets) {
    if (!subset["name"] || subset["name"].Scalar() != source.subset) continue;
    const YAML::Node policy = subset["trafficPolicy"];
    if (!policy) return pool;
    const YAML::Node chosen = for_port(policy, source.port);
    // A subset's port-level entry replaces all four components; else each one it sets.
    if (!chosen.is(policy) || chosen["connectionPool"]) return chosen["connectionPool"];
    return pool;
  }
  return pool;
}

nlohmann::json translate_pool(const YAML::Node& pool, const std::string& name) {
  nlohmann::json cluster = {{"name", name}};
  if (!pool || !pool.IsMap()) return cluster;
  const YAML::Node tcp = pool["tcp"];
  const YAML::Node http = pool["http"];
  if (tcp && tcp.IsMap()) {
    set_count(cluster, "max_connections", tcp["maxConnections"]);
    if (tcp["connectTimeout"]) cluster["connect_timeout_ms"] = std::max(1LL, istio_duration_ms(tcp["connectTimeout"].Scalar()));
    // `0s` disables the idle timeout (Envoy: 0 = none).
    if (tcp["idleTimeout"]) cluster["idle_timeout_ms"] = istio_duration_ms(tcp["idleTimeout"].Scalar());
  }
  if (http && http.IsMap()) {
    set_count(cluster, "max_pending_requests", http["http1MaxPendingRequests"]);
    set_count(cluster, "max_requests", http["http2MaxRequests"]);
    set_count(cluster, "max_requests_per_connection", http["maxRequestsPerConnection"]);
    set_count(cluster, "max_retries", http["maxRetries"]);
    if (http["idleTimeout"]) cluster["idle_timeout_ms"] = istio_duration_ms(http["idleTimeout"].Scalar());  // wins over tcp's
  }
  return cluster;
}

void warn_unmodelled_policy(const std::string& file, const YAML::Node& rule, std::vector<std::string>& warnings) {
  warn_unmodelled(file, rule["trafficPolicy"], warnings);
  const YAML::Node ports = rule["trafficPolicy"] ? rule["trafficPolicy"]["portLevelSettings"] : YAML::Node();
  if (ports && ports.IsSequence())
    for (const auto& entry : ports) warn_unmodelled(file, entry, warnings);
  const YAML::Node subsets = rule["subsets"];
  if (subsets && subsets.IsSequence())
    for (const auto& subset : subsets) warn_unmodelled(file, subset["trafficPolicy"], warnings);
}

}  // namespace rwchaos::harness::istio
