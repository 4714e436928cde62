#pragma once
// The router: one downstream request, its attempts upstream, its retries and timeouts, and what the
// client gets: the upstream's response streamed through, or a local reply. After Envoy's router
// filter (envoyproxy/envoy source/common/router/router.cc `Filter`; citations per step in router.cpp).
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
#include <cstdint>
#include <random>
#include <string>

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
};

struct RouteOutcome {
  int status = 0;           // what the client got (0: nothing)
  bool local_reply = false; // the sidecar wrote the answer itself
  bool close = false;       // the client's connection must end now
  ResponseFlags flags;
};

// Shared by every request of one sidecar (one io thread).
struct RouterContext {
  const SidecarConfig& config;
  UpstreamPool& pool;
  SidecarStats& stats;
  std::mt19937_64& random;  // back-off draws, from the config's seed
  ServerHeaderPolicy server;
  std::string upstream_host;  // %UPSTREAM_HOST%
  std::uint64_t active_retries = 0;
};

// Writes the answer to `downstream` and fills `log` (code, flags, details, upstream fields, bytes sent).
boost::asio::awaitable<RouteOutcome> route_request(RouterContext& context, const ProxiedRequest& request,
                                                   boost::asio::ip::tcp::socket& downstream, AccessLogEntry& log);

}  // namespace rwchaos::harness::mesh
