#include "harness/sender/write_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>

namespace rwchaos::harness::sender {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// A receiver's answer body is ignored (remote-write 1.0: clients MUST ignore the response body), but
// read so the connection can be reused; past this size the connection is closed instead.
constexpr std::uint64_t body_limit = 1u << 20;

}  // namespace

// One request and its response on the client's stream: the coroutine's state.
struct WriteClient::Exchange {
  WriteClient& client;
  http::request<http::string_body> request;
  Attempt attempt;
  bool keep_alive = false;

  asio::awaitable<void> run() {
    beast::error_code ec;
    auto& stream = *client.stream_;
    if (!attempt.reused) {
      const tcp::endpoint endpoint(asio::ip::make_address(client.url_.host), client.url_.port);
      co_await stream.async_connect(endpoint, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        fail("connect", ec);
        co_return;
      }
    }
    co_await http::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      fail("write", ec);
      co_return;
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(body_limit);
    co_await http::async_read_header(stream, client.buffer_, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      fail("read response", ec);
      co_return;
    }
    attempt.status = static_cast<int>(parser.get().result_int());
    if (auto it = parser.get().find("Retry-After"); it != parser.get().end())
      attempt.retry_after = std::string(it->value());
    co_await http::async_read(stream, client.buffer_, parser, asio::redirect_error(asio::use_awaitable, ec));
    keep_alive = !ec && parser.get().keep_alive();  // the status stands even when the body does not
    attempt.has_body = !parser.get().body().empty();
  }

  void fail(const char* step, const beast::error_code& ec) {
    attempt.status = 0;
    attempt.error = std::string(step) + ": " + ec.message();
  }
};

WriteClient::WriteClient(HttpUrl url, std::chrono::milliseconds timeout) : url_(std::move(url)), timeout_(timeout) {}

WriteClient::~WriteClient() { close(); }

void WriteClient::close() {
  if (stream_) {
    beast::error_code ignored;
    stream_->socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_->close();
  }
  stream_.reset();
  buffer_.clear();
}

Attempt WriteClient::post(const std::string& body, const Headers& headers, const std::function<bool()>& abandon) {
  Exchange exchange{*this, {http::verb::post, url_.target, 11}, {}, false};
  exchange.attempt.reused = stream_ != nullptr;
  if (!stream_) stream_ = std::make_unique<beast::tcp_stream>(io_);
  exchange.request.set(http::field::host, url_.host_header);
  for (const auto& [name, value] : headers) exchange.request.set(name, value);
  exchange.request.body() = body;
  exchange.request.prepare_payload();
  stream_->expires_after(timeout_);

  bool finished = false;
  asio::co_spawn(io_, exchange.run(), [&finished](std::exception_ptr) { finished = true; });
  io_.restart();
  bool abandoned = false;
  while (!finished) {
    io_.run_for(std::chrono::milliseconds(20));
    if (!finished && !abandoned && abandon && abandon()) {
      abandoned = true;
      stream_->cancel();  // the coroutine ends with operation_aborted on the next run
      exchange.fail("abandoned at the flush deadline", asio::error::operation_aborted);
    }
  }
  if (abandoned) {
    exchange.attempt.status = 0;
    exchange.attempt.error = "abandoned at the flush deadline";
  }
  if (exchange.attempt.status == 0 || !exchange.keep_alive) close();
  return exchange.attempt;
}

}  // namespace rwchaos::harness::sender
