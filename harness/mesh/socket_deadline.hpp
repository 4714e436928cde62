#pragma once
// Bounds the operations on a socket by a deadline: when it passes, the socket's pending operations
// are cancelled (they end with operation_aborted) and fired() says why. Boost 1.74's Asio has no
// awaitable operators to race a timer against a read, so the timer cancels the read instead.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
#include <chrono>
#include <memory>

#include <boost/asio.hpp>

namespace rwchaos::harness::mesh {

class SocketDeadline {
 public:
  using Clock = std::chrono::steady_clock;

  SocketDeadline(boost::asio::ip::tcp::socket& socket, Clock::time_point deadline)
      : state_(std::make_shared<State>(socket.get_executor())) {
    if (deadline == Clock::time_point::max()) return;
    state_->timer.expires_at(deadline);
    // The handler touches the socket only while this guard lives (`done` is false): the owner of the
    // socket outlives the guard, and everything runs on one thread.
    state_->timer.async_wait([state = state_, &socket](const boost::system::error_code& ec) {
      if (ec || state->done) return;
      state->fired = true;
      boost::system::error_code ignored;
      socket.cancel(ignored);
    });
  }
  ~SocketDeadline() {
    state_->done = true;
    state_->timer.cancel();
  }
  SocketDeadline(const SocketDeadline&) = delete;
  SocketDeadline& operator=(const SocketDeadline&) = delete;

  bool fired() const { return state_->fired; }

 private:
  struct State {
    explicit State(boost::asio::any_io_executor executor) : timer(executor) {}
    boost::asio::steady_timer timer;
    bool fired = false;
    bool done = false;
  };
  std::shared_ptr<State> state_;
};

}  // namespace rwchaos::harness::mesh
