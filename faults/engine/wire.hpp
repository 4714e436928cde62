#pragma once
// The verbs a fault acts with on one connection (after Envoy's FakeUpstream): every action in
// catalogue/ is composed of these and nothing else. TcpConnection does them to a socket; the
// tests' StubConnection writes them down, so an action is tested without one.
#include <chrono>
#include <string_view>
#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio/awaitable.hpp>

namespace rwchaos::faults::engine {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

// How a connection is closed: FIN (the peer's read returns 0) or RST (its read fails, ECONNRESET).
enum class CloseHow { fin, rst };

class Wire {
 public:
  virtual ~Wire() = default;

  // Writes all of `bytes`; false when they could not all be written (the peer is gone).
  [[nodiscard]] virtual asio::awaitable<bool> send(std::string_view bytes) = 0;
  // shutdown(SHUT_WR): the peer reads EOF and may still write.
  virtual void half_close() = 0;
  // fin: FIN now, unread input drained by the lingering close so the kernel sends no RST.
  // rst: SO_LINGER 0 + close.
  virtual void close(CloseHow how) = 0;
  // Waits until `until` while watching the socket: false as soon as the peer closes or resets
  // (the client went away), true when `until` came with the peer still there. Bytes of a
  // pipelined next request that arrive meanwhile are kept for it. A peer that half-closes its side
  // and still waits for the answer counts as gone; remote-write clients never do that.
  [[nodiscard]] virtual asio::awaitable<bool> wait_while_peer_stays(Clock::time_point until) = 0;
  virtual asio::awaitable<void> sleep(Millis d) = 0;
};

}  // namespace rwchaos::faults::engine
