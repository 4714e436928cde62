#pragma once
// A server-side TCP connection whose every move is an explicit verb (after Envoy's FakeUpstream):
// faults in catalogue/ are composed from these verbs and nothing else.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include "faults/engine/memory_budget.hpp"
#include "faults/engine/request.hpp"

namespace rwchaos::faults::engine {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;
using Headers = std::vector<std::pair<std::string, std::string>>;

struct ReadLimits {
  std::size_t max_body_bytes = 32u << 20;
  std::size_t max_header_bytes = 64u << 10;
  Millis header_timeout{10'000};
  MemoryBudget* budget = nullptr;  // shared by all connections; null: no budget
};

enum class Arrival { data, peer_closed, timeout };

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, std::uint64_t id, ReadLimits limits);

  std::uint64_t id() const { return id_; }
  std::uint64_t requests() const { return requests_; }  // requests begun on this connection
  bool reused() const { return requests_ > 1; }
  bool open() const { return socket_.is_open(); }
  // The executor of the io_context this connection runs on (one thread): everything done to it runs there.
  tcp::socket::executor_type executor() { return socket_.get_executor(); }
  std::uint64_t bytes_sent() const { return bytes_sent_; }

  // Waits until bytes of the next request are buffered (pipelined leftovers count), the peer
  // closes, or `limit` passes. Counts the request as begun on data.
  asio::awaitable<Arrival> wait_request_bytes(std::optional<Millis> limit);
  // Parses one full request (Beast parser, body and header limits, header deadline from now).
  asio::awaitable<Request> read_request();
  // Reads until at least `n` bytes of the current request are buffered (or EOF/timeout).
  asio::awaitable<std::size_t> read_prefix(std::size_t n);

  asio::awaitable<bool> send_raw(std::string_view bytes);
  asio::awaitable<bool> send_status_and_headers(int status, const Headers& headers);
  asio::awaitable<bool> send_body(std::string_view bytes) { return send_raw(bytes); }
  // Status, headers (content-length added) and body in one write.
  asio::awaitable<bool> send_response(int status, Headers headers, std::string_view body, bool keep_alive);

  void half_close();   // shutdown(SHUT_WR): the peer reads EOF, may still write
  void close_fin();    // FIN now; unread input is drained by finish() so the kernel sends no RST
  void close_rst();    // SO_LINGER 0 + close: the peer reads ECONNRESET
  // Keeps the connection open, reading and discarding, until the peer closes or `max` passes.
  asio::awaitable<bool> wait_peer_close(Millis max);
  asio::awaitable<void> hold(Millis max) { co_await wait_peer_close(max); }
  asio::awaitable<void> sleep(Millis d);
  // Waits until `until` (or for `d`) while watching the socket: false as soon as the peer closes or resets (the client
  // went away), true when `d` passed with the peer still there. Bytes of a pipelined next request
  // that arrive meanwhile are kept for it. A peer that half-closes its side and still waits for
  // the answer counts as gone; remote-write clients (Go net/http, Prometheus) never do that.
  asio::awaitable<bool> wait_while_peer_stays(Clock::time_point until);
  asio::awaitable<bool> wait_while_peer_stays(Millis d) { return wait_while_peer_stays(Clock::now() + d); }
  // Ends the connection: a pending FIN close drains input briefly, then the socket closes.
  asio::awaitable<void> finish();

 private:
  asio::awaitable<std::size_t> read_some_until(Clock::time_point deadline, bool& timed_out);

  tcp::socket socket_;
  std::uint64_t id_;
  ReadLimits limits_;
  std::uint64_t requests_ = 0;
  std::uint64_t bytes_sent_ = 0;
  bool fin_sent_ = false;
  Clock::time_point last_arrival_{};  // kernel receive time of the newest bytes read
  boost::beast::flat_buffer buffer_;
};

std::string_view reason_phrase(int status);

}  // namespace rwchaos::faults::engine
