#include "faults/engine/tcp_connection.hpp"

#include "faults/engine/receive_time.hpp"

#include <utility>
#include <boost/asio/redirect_error.hpp>
#include <boost/beast/http.hpp>

namespace rwchaos::faults::engine {

namespace http = boost::beast::http;
using boost::system::error_code;

namespace {
constexpr std::size_t read_chunk = 64 * 1024;
constexpr Millis lingering_close{1000};  // how long finish() drains input after our FIN
constexpr std::size_t watch_buffer_cap = 256 * 1024;  // pipelined bytes kept while watching the peer
}  // namespace

TcpConnection::TcpConnection(tcp::socket socket, std::uint64_t id, ReadLimits limits)
    : socket_(std::move(socket)), id_(id), limits_(limits) {
  error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
  enable_receive_times(socket_.native_handle());
}

// One read into buffer_ that gives up at `deadline`. The timer's state is shared so a late timer
// handler never cancels a later read. The read is recvmsg rather than Asio's read so it also
// returns the kernel's receive time of the bytes (SO_TIMESTAMPNS): delays count from when a
// request's last byte reached this host, not from when this thread got to it.
asio::awaitable<std::size_t> TcpConnection::read_some_until(Clock::time_point deadline, bool& timed_out) {
  timed_out = false;
  if (!socket_.is_open()) co_return 0;
  auto state = std::make_shared<int>(0);  // 0 reading, 1 done, 2 deadline fired
  asio::steady_timer timer(socket_.get_executor());
  timer.expires_at(deadline);
  timer.async_wait([state, self = shared_from_this()](error_code ec) {
    if (ec || *state != 0) return;
    *state = 2;
    error_code ignored;
    self->socket_.cancel(ignored);
  });
  std::size_t n = 0;
  for (;;) {
    error_code ec;
    co_await socket_.async_wait(tcp::socket::wait_read, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !socket_.is_open()) break;
    const ReceivedBytes got = receive_with_time(socket_.native_handle(), buffer_.prepare(read_chunk));
    if (got.again) continue;
    n = got.bytes;
    if (n > 0) {
      buffer_.commit(n);
      last_arrival_ = got.arrival;
    }
    break;
  }
  timed_out = *state == 2;
  *state = 1;
  timer.cancel();
  co_return n;
}

asio::awaitable<Arrival> TcpConnection::wait_request_bytes(std::optional<Millis> limit) {
  if (buffer_.size() == 0) {
    const auto deadline = limit ? Clock::now() + *limit : Clock::time_point::max();
    bool timed_out = false;
    const std::size_t n = co_await read_some_until(deadline, timed_out);
    if (n == 0) co_return timed_out ? Arrival::timeout : Arrival::peer_closed;
  }
  ++requests_;
  co_return Arrival::data;
}

asio::awaitable<std::size_t> TcpConnection::read_prefix(std::size_t n) {
  const auto deadline = Clock::now() + limits_.header_timeout;
  bool timed_out = false;
  while (buffer_.size() < n) {
    if (co_await read_some_until(deadline, timed_out) == 0) break;
  }
  co_return std::min(buffer_.size(), n);
}

asio::awaitable<Request> TcpConnection::read_request() {
  Request request;
  http::request_parser<http::string_body> parser;
  parser.body_limit(limits_.max_body_bytes);
  parser.header_limit(static_cast<std::uint32_t>(limits_.max_header_bytes));
  // Not eager until the header is in: put() then stops before the body starts, which is where
  // Beast reserves a body of the announced length, so the budget is asked first.
  parser.eager(false);
  request.lease = BudgetLease(limits_.budget);
  bool body_budgeted = false;
  const auto header_deadline = Clock::now() + limits_.header_timeout;
  bool continue_sent = false;
  auto fail = [&](ReadStatus status, std::string why) {
    request.status = status;
    request.error = std::move(why);
    request.keep_alive = false;
    request.lease.release();
    return std::move(request);
  };
  for (;;) {
    if (buffer_.size() > 0) {
      error_code ec;
      const std::size_t n = parser.put(buffer_.data(), ec);
      buffer_.consume(n);
      request.bytes_read += n;
      if (!ec && body_budgeted && !request.lease.hold(parser.get().body().capacity())) {
        co_return fail(ReadStatus::over_budget,
                       limits_.budget->refusal(parser.get().body().capacity() - request.lease.bytes(), "body bytes"));
      }
      if (!ec && parser.is_done()) break;
      if (ec == http::error::body_limit) {
        co_return fail(ReadStatus::too_large,
                       "request body exceeds the limit of " + std::to_string(limits_.max_body_bytes) + " bytes");
      }
      if (ec == http::error::header_limit) co_return fail(ReadStatus::bad_request, "request headers too large");
      if (ec && ec != http::error::need_more) co_return fail(ReadStatus::bad_request, "malformed HTTP request: " + ec.message());
      if (parser.is_header_done() && !body_budgeted) {
        // A length over the body limit is left to Beast's 413; chunked bodies are held as they grow.
        const std::size_t announced = parser.content_length().value_or(0);
        if (announced <= limits_.max_body_bytes && !request.lease.hold(announced)) {
          co_return fail(ReadStatus::over_budget, limits_.budget->refusal(announced, "body bytes"));
        }
        body_budgeted = true;
        parser.eager(true);
        continue;
      }
      if (!ec && n > 0) continue;
    }
    // curl and others wait for "100 Continue" before sending a large body.
    if (parser.is_header_done() && !continue_sent && parser.get()[http::field::expect] == "100-continue") {
      continue_sent = true;
      const bool sent = co_await send("HTTP/1.1 100 Continue\r\n\r\n");
      if (!sent) co_return fail(ReadStatus::peer_closed, "peer closed the connection mid-request");
    }
    // Headers must be complete by the header deadline (slowloris); after that each read must make progress.
    const auto deadline = parser.is_header_done() ? Clock::now() + limits_.header_timeout : header_deadline;
    bool timed_out = false;
    if (co_await read_some_until(deadline, timed_out) == 0) {
      if (timed_out) {
        co_return fail(ReadStatus::timeout, parser.is_header_done() ? "request body read timed out" : "request header timeout");
      }
      co_return fail(ReadStatus::peer_closed, "peer closed the connection mid-request");
    }
  }
  request.received_at = last_arrival_;
  auto& message = parser.get();
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.keep_alive = message.keep_alive();
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers[name] = std::string(field.value());
  }
  request.body = std::move(message.body());
  co_return request;
}

asio::awaitable<bool> TcpConnection::send(std::string_view bytes) {
  if (!socket_.is_open()) co_return false;
  error_code ec;
  co_await asio::async_write(socket_, asio::buffer(bytes.data(), bytes.size()), asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec;
}

void TcpConnection::half_close() {
  error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
}

// A FIN close is a half-close now and the rest in finish(): the lingering close there keeps
// unread input from turning it into an RST.
void TcpConnection::close(CloseHow how) {
  if (how == CloseHow::fin) return half_close();
  error_code ignored;
  socket_.set_option(asio::socket_base::linger(true, 0), ignored);
  socket_.close(ignored);
}

asio::awaitable<bool> TcpConnection::wait_peer_close(Millis max) {
  const auto deadline = Clock::now() + max;
  bool timed_out = false;
  for (;;) {
    buffer_.consume(buffer_.size());
    if (co_await read_some_until(deadline, timed_out) == 0) co_return !timed_out;
  }
}

asio::awaitable<void> TcpConnection::sleep(Millis d) {
  if (d.count() <= 0) co_return;
  asio::steady_timer timer(socket_.get_executor());
  timer.expires_after(d);
  error_code ignored;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
}

asio::awaitable<bool> TcpConnection::wait_while_peer_stays(Clock::time_point deadline) {
  if (!socket_.is_open()) co_return false;
  if (Clock::now() >= deadline) co_return true;
  bool timed_out = false;
  while (buffer_.size() < watch_buffer_cap) {
    if (co_await read_some_until(deadline, timed_out) == 0) co_return timed_out;
  }
  // A peer pipelining this much is certainly there; stop reading and just wait.
  asio::steady_timer timer(socket_.get_executor());
  timer.expires_at(deadline);
  error_code ignored;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  co_return true;
}

asio::awaitable<void> TcpConnection::hold(Millis max) {
  // Either end is fine: the peer left, or it stayed the whole `max`.
  [[maybe_unused]] const bool peer_closed = co_await wait_peer_close(max);
}

// Lingering close: FIN first, then read until the peer's EOF (briefly), so unread input does not
// turn our close into an RST that could destroy the response the peer has not read yet.
asio::awaitable<void> TcpConnection::finish() {
  if (!socket_.is_open()) co_return;
  half_close();
  [[maybe_unused]] const bool peer_closed = co_await wait_peer_close(lingering_close);
  error_code ignored;
  socket_.close(ignored);
}

}  // namespace rwchaos::faults::engine
