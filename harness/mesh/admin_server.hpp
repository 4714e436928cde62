#pragma once
// The sidecar's admin listener (after Envoy's admin interface, much smaller): GET /ready answers
// 200 "LIVE" once the listeners are bound; GET /stats the counters as JSON (docs/internals.md
// "The sidecar"). One request per connection.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
#include <functional>

#include <boost/asio.hpp>
#include <nlohmann/json.hpp>

namespace rwchaos::harness::mesh {

using StatsSource = std::function<nlohmann::json()>;

boost::asio::awaitable<void> serve_admin(boost::asio::ip::tcp::acceptor& acceptor, StatsSource stats);

}  // namespace rwchaos::harness::mesh
