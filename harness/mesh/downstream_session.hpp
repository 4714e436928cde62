#pragma once
// One client connection to the sidecar: HTTP/1.1 requests read whole, one after another (keep-alive),
// each routed and logged. The model reads a request completely before routing it: remote-write
// bodies are small, and Envoy buffers them anyway once a retry policy applies.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
#include <cstdint>
#include <functional>
#include <set>

#include <boost/asio.hpp>

#include "harness/mesh/access_log.hpp"
#include "harness/mesh/router.hpp"

namespace rwchaos::harness::mesh {

struct SessionContext {
  RouterContext& router;
  AccessLog& log;
  std::uint64_t requests = 0;  // read so far, all connections: numbers each request
  // Stopping (SIGTERM): a session between requests ends at once; one serving a request finishes
  // it, logs it, then ends. `on_last_closed` runs when the last session has ended.
  bool stopping = false;
  std::size_t open = 0;
  std::set<boost::asio::ip::tcp::socket*> waiting;  // sessions between requests
  std::function<void()> on_last_closed;
};

// Stops accepting new requests on every session (see SessionContext::stopping).
void stop_sessions(SessionContext& context);

boost::asio::awaitable<void> serve_downstream(boost::asio::ip::tcp::socket socket, SessionContext& context);

}  // namespace rwchaos::harness::mesh
