#pragma once
// The engine's Connection on a TCP socket: Beast's parser for requests, recvmsg for the kernel's
// receive times, FIN and RST closes as the kernel does them.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include "faults/engine/connection.hpp"

namespace rwchaos::faults::engine {

using tcp = asio::ip::tcp;

class TcpConnection final : public Connection, public std::enable_shared_from_this<TcpConnection> {
 public:
  TcpConnection(tcp::socket socket, std::uint64_t id, ReadLimits limits);

  std::uint64_t id() const override { return id_; }
  std::uint64_t requests() const override { return requests_; }
  bool open() const override { return socket_.is_open(); }
  // The executor of the io_context this connection runs on (one thread): everything done to it runs there.
  tcp::socket::executor_type executor() { return socket_.get_executor(); }

  asio::awaitable<Arrival> wait_request_bytes(std::optional<Millis> limit) override;
  asio::awaitable<Request> read_request() override;
  asio::awaitable<std::size_t> read_prefix(std::size_t n) override;
  asio::awaitable<bool> send(std::string_view bytes) override;
  void half_close() override;
  void close(CloseHow how) override;
  asio::awaitable<bool> wait_while_peer_stays(Clock::time_point until) override;
  asio::awaitable<void> sleep(Millis d) override;
  asio::awaitable<void> hold(Millis max) override;
  asio::awaitable<void> finish() override;

 private:
  asio::awaitable<std::size_t> read_some_until(Clock::time_point deadline, bool& timed_out);
  // Reads and discards until the peer closes (true) or `max` passes (false).
  asio::awaitable<bool> wait_peer_close(Millis max);

  tcp::socket socket_;
  std::uint64_t id_;
  ReadLimits limits_;
  std::uint64_t requests_ = 0;
  Clock::time_point last_arrival_{};  // kernel receive time of the newest bytes read
  boost::beast::flat_buffer buffer_;
};

}  // namespace rwchaos::faults::engine
