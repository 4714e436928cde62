#pragma once
// The router: one downstream request, its route, its attempts upstream, retries and timeouts, and
// what the client gets: the upstream's response streamed through, or a local reply. After Envoy's
// router filter (envoyproxy/envoy source/common/router/router.cc `Filter`; the rows of
// docs/envoy-semantics.md §7 it follows are named where they apply in router.cpp).
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio.hpp>

#include "harness/mesh/access_log_format.hpp"
#include "harness/mesh/response_bytes.hpp"
#include "harness/mesh/response_flags.hpp"
#include "harness/mesh/sidecar_config.hpp"
#include "harness/mesh/sidecar_stats.hpp"
#include "harness/mesh/upstream_exchange.hpp"
#include "harness/mesh/upstream_pool.hpp"

namespace rwchaos::harness::mesh {

struct ProxiedRequest {
  std::string method;
  std::string target;
  HeaderList headers;       // as the client sent them, names lower-cased
  std::string body;
  bool keep_alive = true;   // the client allows another request on its connection
  std::uint64_t number = 0; // 1, 2, ... in the order the sidecar read them (keys the back-off draws)
};

struct RouteOutcome {
  int status = 0;           // what the client got (0: nothing)
  bool local_reply = false; // the sidecar wrote the answer itself
  bool close = false;       // the client's connection must end now
  ResponseFlags flags;
};

// A cluster: its settings, its pool and its max_retries circuit breaker's count (R8).
struct Cluster {
  Cluster(boost::asio::any_io_executor executor, const boost::asio::ip::tcp::endpoint& upstream,
          const ClusterSettings& cluster, SidecarStats& stats, const EnvoyBehaviour& envoy)
      : settings(cluster), pool(std::move(executor), upstream, cluster, stats, envoy.connect_error_as_errno) {}
  const ClusterSettings& settings;
  UpstreamPool pool;
  std::uint64_t active_retries = 0;  // retries scheduled and not yet resolved
};

// Shared by every request of one sidecar (one io thread).
struct RouterContext {
  const SidecarConfig& config;
  std::vector<std::unique_ptr<Cluster>>& clusters;  // config.clusters, same order
  SidecarStats& stats;
  ServerHeaderPolicy server;
  std::string upstream_host;  // %UPSTREAM_HOST%
};

// Writes the answer to `downstream` and fills `log` (code, details, upstream fields, bytes sent).
boost::asio::awaitable<RouteOutcome> route_request(RouterContext& context, const ProxiedRequest& request,
                                                   boost::asio::ip::tcp::socket& downstream, AccessLogEntry& log);

}  // namespace rwchaos::harness::mesh
