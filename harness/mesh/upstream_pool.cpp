#include "harness/mesh/upstream_pool.hpp"

#include <algorithm>

#include "harness/mesh/endpoint_text.hpp"
#include "harness/mesh/socket_deadline.hpp"

namespace rwchaos::harness::mesh {

namespace asio = boost::asio;
using boost::system::error_code;

struct UpstreamPool::Waiter {
  explicit Waiter(asio::any_io_executor executor) : signal(executor) {}
  asio::steady_timer signal;  // expires at the caller's deadline; cancelled when `result` is set
  PoolResult result;
  bool done = false;
};

UpstreamPool::UpstreamPool(asio::any_io_executor executor, asio::ip::tcp::endpoint upstream,
                           const ClusterSettings& settings, SidecarStats& stats, bool errno_wording)
    : executor_(std::move(executor)),
      upstream_(std::move(upstream)),
      settings_(settings),
      stats_(stats),
      errno_wording_(errno_wording) {}

asio::awaitable<PoolResult> UpstreamPool::acquire(Clock::time_point deadline) {
  const PoolResult overflow{nullptr, PoolFailure{ResetReason::overflow, ""}, false};
  if (!ready_.empty()) {
    if (busy_ >= settings_.max_requests) {
      ++stats_.upstream_rq_pending_overflow;
      co_return overflow;
    }
    auto connection = ready_.front();
    ready_.pop_front();
    attach(connection);
    co_return PoolResult{connection, std::nullopt, false};
  }
  if (pending_.size() >= settings_.max_pending_requests) {
    ++stats_.upstream_rq_pending_overflow;
    co_return overflow;
  }
  auto waiter = std::make_shared<Waiter>(executor_);
  waiter->signal.expires_at(deadline);
  pending_.push_back(waiter);
  connect_if_needed();
  if (!waiter->done) {
    error_code ignored;
    co_await waiter->signal.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
  if (!waiter->done) {
    pending_.erase(std::remove(pending_.begin(), pending_.end(), waiter), pending_.end());
    co_return PoolResult{nullptr, std::nullopt, true};
  }
  co_return waiter->result;
}

// ConnPoolImplBase::tryCreateNewConnection: one connection per pending request not already covered
// by a connecting one; at max_connections none, unless the cluster has no connection at all.
void UpstreamPool::connect_if_needed() {
  while (pending_.size() > connecting_) {
    if (active() >= settings_.max_connections && active() > 0) {
      ++stats_.upstream_cx_overflow;
      return;
    }
    ++connecting_;
    asio::co_spawn(executor_, connect(std::make_shared<UpstreamConnection>(executor_, next_id_++)), asio::detached);
  }
}

asio::awaitable<void> UpstreamPool::connect(std::shared_ptr<UpstreamConnection> connection) {
  error_code ec;
  bool timed_out = false;
  connection->socket.open(upstream_.protocol(), ec);
  if (!ec) {
    SocketDeadline deadline(connection->socket, Clock::now() + settings_.connect_timeout);
    co_await connection->socket.async_connect(upstream_, asio::redirect_error(asio::use_awaitable, ec));
    timed_out = ec && deadline.fired();
  }
  --connecting_;
  if (ec) {
    error_code ignored;
    connection->socket.close(ignored);
    ++stats_.upstream_cx_connect_fail;
    if (timed_out) ++stats_.upstream_cx_connect_timeout;
    // ConnPoolImplBase::onConnectionEvent: a timeout is `Timeout`, with no transport failure reason
    // (P6); a connect the peer refused is a remote close while connecting, `RemoteConnectionFailure`,
    // whose reason Network::ConnectionImpl::onWriteReady words "delayed connect error: " + the
    // error's text, or its number in Envoy 1.30 (P7).
    const std::string why = errno_wording_ ? std::to_string(ec.value()) : ec.message();
    fail_pending(timed_out ? PoolFailure{ResetReason::connection_timeout, ""}
                           : PoolFailure{ResetReason::remote_connection_failure, "delayed connect error: " + why});
    co_return;
  }
  ++stats_.upstream_cx_total;
  connection->socket.set_option(asio::ip::tcp::no_delay(true), ec);
  const auto local = connection->socket.local_endpoint(ec);
  if (!ec) connection->local_address = endpoint_text(local);
  on_connected(connection);
}

void UpstreamPool::on_connected(const std::shared_ptr<UpstreamConnection>& connection) {
  if (pending_.empty()) {
    make_idle(connection);
    return;
  }
  const auto waiter = pending_.front();
  pending_.pop_front();
  hand_over(connection, *waiter);
}

void UpstreamPool::fail_pending(const PoolFailure& failure) {
  auto waiters = std::move(pending_);
  pending_.clear();
  for (const auto& waiter : waiters) {
    waiter->result = PoolResult{nullptr, failure, false};
    waiter->done = true;
    waiter->signal.cancel();
  }
}

void UpstreamPool::hand_over(const std::shared_ptr<UpstreamConnection>& connection, Waiter& waiter) {
  if (busy_ >= settings_.max_requests) {
    ++stats_.upstream_rq_pending_overflow;
    waiter.result = PoolResult{nullptr, PoolFailure{ResetReason::overflow, ""}, false};
    make_idle(connection);
  } else {
    attach(connection);
    waiter.result = PoolResult{connection, std::nullopt, false};
  }
  waiter.done = true;
  waiter.signal.cancel();
}

// ConnPoolImplBase::attachStreamToClient: the stream takes one of the connection's requests; the
// last one allowed marks it draining.
void UpstreamPool::attach(const std::shared_ptr<UpstreamConnection>& connection) {
  ++connection->generation;
  connection->idle_timer.cancel();
  error_code ignored;
  connection->socket.cancel(ignored);  // ends the idle watch
  ++connection->requests;
  ++busy_;
  if (settings_.max_requests_per_connection != 0 && connection->requests >= settings_.max_requests_per_connection)
    connection->draining = true;
}

void UpstreamPool::release(const std::shared_ptr<UpstreamConnection>& connection, bool reusable, bool peer_closed) {
  --busy_;
  if (!reusable || connection->draining || !connection->open || connection->buffer.size() > 0) {
    if (reusable && connection->draining) ++stats_.upstream_cx_max_requests;
    close(connection, peer_closed);
    connect_if_needed();
    return;
  }
  if (!pending_.empty()) {
    const auto waiter = pending_.front();
    pending_.pop_front();
    hand_over(connection, *waiter);
    return;
  }
  make_idle(connection);
}

// Idle: first in line for the next request, closed after idle_timeout, and closed as soon as the
// socket turns readable (the upstream's FIN or RST; bytes nobody asked for are no better).
void UpstreamPool::make_idle(const std::shared_ptr<UpstreamConnection>& connection) {
  ready_.push_front(connection);
  const std::uint64_t generation = ++connection->generation;
  if (settings_.idle_timeout.count() > 0) {
    connection->idle_timer.expires_after(settings_.idle_timeout);
    connection->idle_timer.async_wait([this, connection, generation](const error_code& ec) {
      if (ec || connection->generation != generation || !connection->open) return;
      ++stats_.upstream_cx_idle_timeout;
      close(connection, false);
    });
  }
  connection->socket.async_wait(asio::ip::tcp::socket::wait_read, [this, connection, generation](const error_code&) {
    if (connection->generation != generation || !connection->open) return;
    close(connection, true);
  });
}

void UpstreamPool::close(std::shared_ptr<UpstreamConnection> connection, bool by_peer) {
  if (!connection->open) return;
  connection->open = false;
  ++connection->generation;
  connection->idle_timer.cancel();
  ready_.remove(connection);
  error_code ignored;
  connection->socket.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  connection->socket.close(ignored);
  ++stats_.upstream_cx_destroy;
  if (by_peer) ++stats_.upstream_cx_destroy_remote;
}

void UpstreamPool::close_all() {
  while (!ready_.empty()) close(ready_.front(), false);
  pending_.clear();
}

}  // namespace rwchaos::harness::mesh
