#pragma once
// The cluster's HTTP/1.1 connection pool, after Envoy's (envoyproxy/envoy
// source/common/conn_pool/conn_pool_base.cc `ConnPoolImplBase`, source/common/http/http1/conn_pool.cc):
// - an idle connection is reused most-recently-released first: `newStream` takes
//   `ready_clients_.front()` and a released client is moved to the front of that list;
// - with none idle the request waits as pending (oldest served first: `onUpstreamReady` pulls from the
//   back of `pending_streams_`, new ones go to the front) and a connection is opened when pending
//   requests outnumber connecting ones, within max_connections (a cluster with no connection at all
//   always gets one); over max_pending_requests, or max_requests active, the request overflows (UO);
// - a failed connect fails every pending request (`purgePendingStreams`);
// - an idle connection is closed after idle_timeout, and dropped at once when the upstream closes or
//   resets it (its read event while idle is a remote close, `onConnectionEvent`);
// - a connection that has carried max_requests_per_connection requests is closed after the last one.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
#include <chrono>
#include <cstdint>
#include <deque>
#include <list>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio.hpp>

#include "harness/mesh/reset_reason.hpp"
#include "harness/mesh/sidecar_config.hpp"
#include "harness/mesh/sidecar_stats.hpp"
#include "harness/mesh/upstream_connection.hpp"

namespace rwchaos::harness::mesh {

using Clock = std::chrono::steady_clock;

struct PoolFailure {
  ResetReason reason;
  std::string transport_failure;  // %UPSTREAM_TRANSPORT_FAILURE_REASON%, e.g. "delayed connect error: Connection refused"
};

struct PoolResult {
  std::shared_ptr<UpstreamConnection> connection;  // set on success
  std::optional<PoolFailure> failure;
  bool timed_out = false;  // the caller's deadline passed while the request was pending
};

class UpstreamPool {
 public:
  // `errno_wording`: a refused connect's transport failure reason names the errno (Envoy 1.30),
  // not its text.
  UpstreamPool(boost::asio::any_io_executor executor, boost::asio::ip::tcp::endpoint upstream,
               const ClusterSettings& settings, SidecarStats& stats, bool errno_wording);

  // A connection for one request, or why there is none. Waits at most until `deadline`.
  boost::asio::awaitable<PoolResult> acquire(Clock::time_point deadline);
  // The request on `connection` is over. `reusable`: its response ended cleanly and allows
  // keep-alive; otherwise it is closed (`peer_closed`: the upstream closed or reset it first).
  void release(const std::shared_ptr<UpstreamConnection>& connection, bool reusable, bool peer_closed = false);
  // Closes every idle connection and forgets pending requests (shutdown, io thread stopped).
  void close_all();

  std::uint64_t active() const { return busy_ + ready_.size() + connecting_; }
  std::uint64_t idle() const { return ready_.size(); }

 private:
  struct Waiter;

  void connect_if_needed();
  boost::asio::awaitable<void> connect(std::shared_ptr<UpstreamConnection> connection);
  void on_connected(const std::shared_ptr<UpstreamConnection>& connection);
  void fail_pending(const PoolFailure& failure);
  void hand_over(const std::shared_ptr<UpstreamConnection>& connection, Waiter& waiter);
  void attach(const std::shared_ptr<UpstreamConnection>& connection);
  void make_idle(const std::shared_ptr<UpstreamConnection>& connection);
  // By value: the caller's pointer may be the entry of ready_ that close() removes.
  void close(std::shared_ptr<UpstreamConnection> connection, bool by_peer);

  boost::asio::any_io_executor executor_;
  boost::asio::ip::tcp::endpoint upstream_;
  const ClusterSettings& settings_;
  SidecarStats& stats_;
  bool errno_wording_;
  std::list<std::shared_ptr<UpstreamConnection>> ready_;  // front: the most recently released
  std::deque<std::shared_ptr<Waiter>> pending_;           // front: the oldest
  std::uint64_t busy_ = 0;        // connections carrying a request
  std::uint64_t connecting_ = 0;
  std::uint64_t next_id_ = 1;
};

}  // namespace rwchaos::harness::mesh
