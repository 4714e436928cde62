#pragma once
// One HTTP/1.1 connection from the sidecar to its upstream, owned by the pool while idle and by one
// request while it carries it (Envoy's ActiveClient with a stream limit of 1).
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
#include <cstdint>
#include <string>

#include <boost/asio.hpp>
#include <boost/beast/core/flat_buffer.hpp>

namespace rwchaos::harness::mesh {

struct UpstreamConnection {
  UpstreamConnection(boost::asio::any_io_executor executor, std::uint64_t id)
      : socket(executor), idle_timer(executor), id(id) {}

  boost::asio::ip::tcp::socket socket;
  boost::beast::flat_buffer buffer;   // bytes read beyond the last response
  boost::asio::steady_timer idle_timer;
  std::uint64_t id;                   // 1, 2, ... in the order the pool opened them
  std::uint64_t requests = 0;         // requests attached to it so far
  std::uint64_t generation = 0;       // bumped on every hand-over: an idle watch of an older one is stale
  bool draining = false;              // max_requests_per_connection reached: close after this request
  bool open = true;
  std::string local_address;          // %UPSTREAM_LOCAL_ADDRESS%
};

}  // namespace rwchaos::harness::mesh
