#pragma once
// One client connection to the sidecar: HTTP/1.1 requests read whole, one after another (keep-alive),
// each routed and logged. The model reads a request completely before routing it: remote-write
// bodies are small, and Envoy buffers them anyway once a retry policy applies.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
#include <cstdint>

#include <boost/asio.hpp>

#include "harness/mesh/access_log.hpp"
#include "harness/mesh/router.hpp"

namespace rwchaos::harness::mesh {

struct SessionContext {
  RouterContext& router;
  AccessLog& log;
  std::uint64_t requests = 0;  // read so far, all connections: numbers each request
};

boost::asio::awaitable<void> serve_downstream(boost::asio::ip::tcp::socket socket, SessionContext& context);

}  // namespace rwchaos::harness::mesh
