#pragma once
// "127.0.0.1:8080" / "[::1]:8080", as Envoy's access log prints addresses.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
#include <string>

#include <boost/asio/ip/tcp.hpp>

namespace rwchaos::harness::mesh {

inline std::string endpoint_text(const boost::asio::ip::tcp::endpoint& endpoint) {
  const std::string host = endpoint.address().to_string();
  return (endpoint.address().is_v6() ? "[" + host + "]" : host) + ":" + std::to_string(endpoint.port());
}

}  // namespace rwchaos::harness::mesh
