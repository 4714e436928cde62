#include "harness/mesh/sidecar.hpp"

#include <stdexcept>
#include <thread>

#include <pthread.h>

#include "faults/upstream/address.hpp"
#include "harness/mesh/access_log.hpp"
#include "harness/mesh/admin_server.hpp"
#include "harness/mesh/downstream_session.hpp"
#include "harness/mesh/endpoint_text.hpp"
#include "harness/mesh/router.hpp"

namespace rwchaos::harness::mesh {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

tcp::endpoint endpoint_of(const std::string& address) {
  const auto parsed = faults::parse_host_port(address, "address");
  return {asio::ip::make_address(parsed.host == "localhost" ? "127.0.0.1" : parsed.host), parsed.port};
}

std::unique_ptr<tcp::acceptor> listen_on(asio::io_context& io, const std::string& address, const char* what) {
  const tcp::endpoint endpoint = endpoint_of(address);
  auto acceptor = std::make_unique<tcp::acceptor>(io);
  boost::system::error_code ec;
  acceptor->open(endpoint.protocol(), ec);
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error(std::string("cannot listen on ") + what + " " + address + ": " + ec.message());
  return acceptor;
}

asio::awaitable<void> accept_clients(tcp::acceptor& acceptor, SessionContext& context) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) continue;
    asio::co_spawn(acceptor.get_executor(), serve_downstream(std::move(socket), context), asio::detached);
  }
}

}  // namespace

// Members that coroutines reference are declared before the io_context and its acceptors, which the
// destructor tears down first: destroying the io_context destroys the suspended coroutines, whose
// locals still use the pool, the stats and the contexts.
struct Sidecar::State {
  explicit State(SidecarConfig c)
      : config(std::move(c)),
        log(config.access_log.path, config.access_log.format),
        io(std::make_unique<asio::io_context>(1)),
        router{config, clusters, stats, {config.server_name, config.server_header}, config.upstream},
        session{router, log, 0} {
    const tcp::endpoint upstream = endpoint_of(config.upstream);
    for (const auto& cluster : config.clusters)
      clusters.push_back(std::make_unique<Cluster>(io->get_executor(), upstream, cluster, stats, config.envoy));
  }

  SidecarConfig config;
  SidecarStats stats;
  AccessLog log;
  std::unique_ptr<asio::io_context> io;
  std::vector<std::unique_ptr<Cluster>> clusters;
  RouterContext router;
  SessionContext session;
  std::unique_ptr<tcp::acceptor> listener;
  std::unique_ptr<tcp::acceptor> admin;
  std::string listen_address;
  std::string admin_address;
  std::thread thread;
  bool stopped = false;
};

Sidecar::Sidecar(SidecarConfig config) : state_(std::make_unique<State>(std::move(config))) {
  auto& s = *state_;
  s.listener = listen_on(*s.io, s.config.listen, "listen");
  s.admin = listen_on(*s.io, s.config.admin, "admin");
  s.listen_address = endpoint_text(s.listener->local_endpoint());
  s.admin_address = endpoint_text(s.admin->local_endpoint());
  asio::co_spawn(*s.io, accept_clients(*s.listener, s.session), asio::detached);
  asio::co_spawn(*s.io,
                 serve_admin(*s.admin,
                             [&s] {
                               std::uint64_t active = 0, idle = 0;
                               for (const auto& cluster : s.clusters) {
                                 active += cluster->pool.active();
                                 idle += cluster->pool.idle();
                               }
                               auto json = s.stats.to_json(active, idle);
                               json["role"] = to_string(s.config.role);
                               json["istio"] = s.config.istio;
                               return json;
                             }),
                 asio::detached);
  s.thread = std::thread([&s] {
    ::pthread_setname_np(::pthread_self(), "sidecar-io");
    s.io->run();
  });
}

Sidecar::~Sidecar() { stop(); }

std::string Sidecar::listen_address() const { return state_->listen_address; }
std::string Sidecar::admin_address() const { return state_->admin_address; }

// Requests being served are finished and logged (each line on disk before stop() returns); new
// ones are not taken. At most `drain_limit`, then whatever is left is dropped.
void Sidecar::stop() {
  auto& s = *state_;
  if (s.stopped) return;
  s.stopped = true;
  constexpr auto drain_limit = std::chrono::seconds(2);
  auto backstop = std::make_shared<asio::steady_timer>(*s.io);
  asio::post(*s.io, [&s, backstop, drain_limit] {
    boost::system::error_code ignored;
    s.listener->close(ignored);
    s.admin->close(ignored);
    for (auto& cluster : s.clusters) cluster->pool.close_all();
    backstop->expires_after(drain_limit);
    backstop->async_wait([&s](const boost::system::error_code& ec) {
      if (!ec) s.io->stop();
    });
    s.session.on_last_closed = [&s, backstop] {
      backstop->cancel();
      s.io->stop();
    };
    stop_sessions(s.session);
  });
  if (s.thread.joinable()) s.thread.join();
  s.session.on_last_closed = nullptr;
  backstop.reset();
  // The io thread is gone: tear down on this one, the asio objects first.
  for (auto& cluster : s.clusters) cluster->pool.close_all();
  s.listener.reset();
  s.admin.reset();
  s.io.reset();
}

}  // namespace rwchaos::harness::mesh
