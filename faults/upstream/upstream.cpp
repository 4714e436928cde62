#include "faults/upstream/upstream.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <pthread.h>
#include <sys/prctl.h>
#include <vector>

#include <httplib.h>

#include "faults/catalogue/parse_plan.hpp"
#include "faults/control/control_api.hpp"
#include "faults/engine/receive_time.hpp"
#include "faults/engine/serve.hpp"
#include "faults/engine/tcp_connection.hpp"
#include "faults/upstream/address.hpp"
#include "faults/upstream/listen_thread.hpp"

namespace rwchaos::faults {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

engine::Plan load_plan_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot read plan file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return catalogue::parse_plan(text.str(), path);
}

// Threads for CPU work, io or decoding: one per core, up to 4.
unsigned cpu_threads() { return std::clamp(std::thread::hardware_concurrency(), 1u, 4u); }

std::vector<std::unique_ptr<asio::io_context>> make_io_contexts(unsigned count) {
  std::vector<std::unique_ptr<asio::io_context>> ios;
  for (unsigned i = 0; i < count; ++i) ios.push_back(std::make_unique<asio::io_context>(1));
  return ios;
}

}  // namespace

// Declaration order is destruction order reversed: the io_context (and the coroutine frames it
// owns) goes first, while everything they reference is still alive.
struct Upstream::State {
  UpstreamOptions options;
  engine::PlanHolder plans;
  ledger::Stats stats;
  ledger::Ledger ledger;
  ledger::SampleBook book;
  std::unique_ptr<engine::Forwarder> forwarder;
  engine::MemoryBudget budget;
  // Decoding and booking are CPU work: one pool thread per core (more would only queue for the
  // shard locks). Forwarding also waits on storage: 4 more threads for that.
  asio::thread_pool pool{static_cast<std::size_t>(cpu_threads() + (options.forward_url.empty() ? 0u : 4u))};
  httplib::Server control;
  std::thread control_thread;
  HostPort listen_bound, control_bound;
  std::unique_ptr<engine::Context> context;
  // One single-threaded io_context per core, connections dealt round-robin: a connection's
  // coroutine, reads, writes and timers all run on its context's one thread (no strands needed);
  // what connections share (ledger, stats, book, plan) has its own locks.
  std::vector<std::unique_ptr<asio::io_context>> ios = make_io_contexts(cpu_threads());
  tcp::acceptor acceptor{*ios.front()};
  std::vector<std::thread> io_threads;
  std::uint64_t next_conn = 0;
  bool stopped = false;

  explicit State(const UpstreamOptions& o)
      : options(o), ledger(o.ledger_file, &stats), book(o.forward_url.empty()), budget(o.max_buffered_bytes) {}

  asio::awaitable<void> accept_loop() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket =
          co_await acceptor.async_accept(*ios[next_conn % ios.size()], asio::redirect_error(asio::use_awaitable, ec));
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      if (ec) continue;
      if (stats.open_connections() >= options.max_connections) {
        // Over the cap: reset at once rather than queue a peer we will not serve. Counted before
        // the reset leaves, so a peer that sees the RST and then asks /stats finds it counted.
        stats.connection_rejected();
        socket.set_option(asio::socket_base::linger(true, 0), ec);
        socket.close(ec);
        continue;
      }
      // Counted here, not when its coroutine starts on its io thread: until then the next accepts
      // would not see it, and a burst would get past the cap.
      stats.connection_opened();
      auto conn = std::make_shared<engine::TcpConnection>(std::move(socket), ++next_conn, context->limits);
      asio::co_spawn(conn->executor(), engine::serve_connection(conn, *context), asio::detached);
    }
  }
};

Upstream::Upstream(const UpstreamOptions& options) : state_(std::make_unique<State>(options)) {
  State& s = *state_;
  if (!options.plan_file.empty()) s.plans.install(load_plan_file(options.plan_file));
  if (!options.forward_url.empty()) s.forwarder = std::make_unique<engine::HttpForwarder>(options.forward_url);

  const HostPort listen = parse_host_port(options.listen, "--listen");
  const HostPort control = parse_host_port(options.control, "--control");
  if (options.control_token.empty() && !is_loopback(control.host)) {
    throw std::invalid_argument("--control " + options.control + " is not loopback; give --control-token to expose it");
  }

  engine::ReadLimits limits;
  limits.max_body_bytes = options.max_body_bytes;
  limits.budget = &s.budget;
  limits.header_timeout = engine::Millis(static_cast<long>(options.header_timeout_s * 1000));
  remotewrite::Limits decode_limits;
  decode_limits.max_compressed_bytes = options.max_body_bytes;
  s.context.reset(new engine::Context{s.plans, s.ledger, s.stats, s.book, s.forwarder.get(), s.pool, limits,
                                      decode_limits, options.ledger_samples});

  boost::system::error_code ec;
  const tcp::endpoint endpoint(asio::ip::make_address(listen.host, ec), listen.port);
  if (ec) throw std::invalid_argument("--listen: bad host \"" + listen.host + "\"");
  s.acceptor.open(endpoint.protocol());
  s.acceptor.set_option(tcp::acceptor::reuse_address(true));
  if (endpoint.address().is_v6()) s.acceptor.set_option(asio::ip::v6_only(true));
  s.acceptor.bind(endpoint, ec);
  if (ec) throw std::runtime_error("--listen " + options.listen + ": cannot bind: " + ec.message());
  s.acceptor.listen(asio::socket_base::max_listen_connections);
  engine::enable_receive_times(s.acceptor.native_handle());  // now, so stamping is on before requests come
  s.listen_bound = HostPort{listen.host, s.acceptor.local_endpoint().port()};

  control::install_routes(s.control, control::ControlTargets{s.plans, s.ledger, s.stats, s.book, &s.budget,
                                                             s.forwarder != nullptr, options.control_token});
  const int control_port = control.port == 0 ? s.control.bind_to_any_port(control.host.c_str())
                                             : (s.control.bind_to_port(control.host.c_str(), control.port) ? control.port : -1);
  if (control_port <= 0) throw std::runtime_error("--control " + options.control + ": cannot bind");
  s.control_bound = HostPort{control.host, static_cast<std::uint16_t>(control_port)};

  asio::co_spawn(*s.ios.front(), s.accept_loop(), asio::detached);
  for (auto& io : s.ios) {
    // Kept running while it has no connection yet; stop() ends it.
    s.io_threads.emplace_back([&io = *io, work = asio::make_work_guard(*io)] {
      pthread_setname_np(pthread_self(), "rwchaos-io");  // for top -H and perf
      ::prctl(PR_SET_TIMERSLACK, 1UL);  // fault delays fire when due, not up to 50 µs later
      io.run();
    });
  }
  s.control_thread = listen_in_background(s.control);
}

Upstream::~Upstream() { stop(); }

void Upstream::stop() {
  State& s = *state_;
  if (s.stopped) return;
  s.stopped = true;
  asio::post(*s.ios.front(), [&s] {
    boost::system::error_code ignored;
    s.acceptor.close(ignored);
    for (auto& io : s.ios) io->stop();
  });
  for (auto& thread : s.io_threads) thread.join();
  s.control.stop();
  if (s.control_thread.joinable()) s.control_thread.join();
  s.pool.join();
}

std::string Upstream::listen_address() const { return state_->listen_bound.to_string(); }
std::string Upstream::control_address() const { return state_->control_bound.to_string(); }
std::uint16_t Upstream::listen_port() const { return state_->listen_bound.port; }
std::uint16_t Upstream::control_port() const { return state_->control_bound.port; }

}  // namespace rwchaos::faults
