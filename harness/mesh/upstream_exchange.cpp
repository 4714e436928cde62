#include "harness/mesh/upstream_exchange.hpp"

#include <cctype>
#include <charconv>
#include <limits>

#include "harness/mesh/socket_deadline.hpp"

namespace rwchaos::harness::mesh {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;

namespace {

constexpr std::size_t body_piece_bytes = 64 * 1024;

// Whatever ends the connection under a read or write: the peer's FIN, RST, or a socket already gone.
bool connection_ended(const error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::not_connected || ec == asio::error::bad_descriptor || ec == http::error::end_of_stream ||
         ec == http::error::partial_message || ec == asio::error::connection_aborted;
}

ResponseHead head_of(const http::response_parser<http::buffer_body>& parser) {
  ResponseHead head;
  const auto& message = parser.get();
  head.status = static_cast<int>(message.result_int());
  head.keep_alive = message.keep_alive();
  head.has_body = !parser.is_done();
  head.chunked = parser.chunked();
  if (parser.content_length()) head.content_length = *parser.content_length();
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "x-envoy-ratelimited") head.envoy_ratelimited = true;
    if (name == "grpc-status") {
      int code = 0;
      const auto value = field.value();
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), code);
      if (ec == std::errc{} && end == value.data() + value.size()) head.grpc_status = code;
    }
    head.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  return head;
}

}  // namespace

UpstreamExchange::UpstreamExchange(std::shared_ptr<UpstreamConnection> connection) : connection_(std::move(connection)) {}
UpstreamExchange::~UpstreamExchange() = default;

asio::awaitable<HeadOutcome> UpstreamExchange::send(const std::string& request, Clock::time_point deadline) {
  HeadOutcome out;
  auto& connection = *connection_;
  SocketDeadline guard(connection.socket, deadline);
  error_code ec;
  co_await asio::async_write(connection.socket, asio::buffer(request), asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {  // the write met the close: as a close with the request on the connection (P12)
    out.end = guard.fired() ? AttemptEnd::timeout : AttemptEnd::reset;
    out.reason = ResetReason::connection_termination;
    co_return out;
  }
  // Interim 1xx answers are read and dropped; the router never forwards them.
  for (;;) {
    parser_.emplace();
    // Any length: the body streams through. (Not boost::none: Boost 1.74 compares a length against an
    // empty optional limit and calls every body too long.)
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    parser_->header_limit(60 * 1024);  // Envoy's max_request_headers_kb default
    co_await http::async_read_header(connection.socket, connection.buffer, *parser_,
                                     asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      // L1: a close before any byte of the response is a connection termination; a response cut
      // short, or bytes that are not HTTP, a protocol error.
      out.end = guard.fired() ? AttemptEnd::timeout : AttemptEnd::reset;
      out.reason = connection_ended(ec) && !parser_->got_some() ? ResetReason::connection_termination
                                                                : ResetReason::protocol_error;
      co_return out;
    }
    const int status = static_cast<int>(parser_->get().result_int());
    if (status >= 100 && status < 200 && status != 101) continue;
    break;
  }
  out.end = AttemptEnd::head;
  out.head = head_of(*parser_);
  keep_alive_ = out.head.keep_alive;
  complete_ = parser_->is_done();
  co_return out;
}

asio::awaitable<BodyPiece> UpstreamExchange::read_body(Clock::time_point deadline) {
  BodyPiece piece;
  if (complete_) {
    piece.done = true;
    co_return piece;
  }
  auto& connection = *connection_;
  SocketDeadline guard(connection.socket, deadline);
  piece.bytes.resize(body_piece_bytes);
  auto& body = parser_->get().body();
  body.data = piece.bytes.data();
  body.size = piece.bytes.size();
  error_code ec;
  // read_some, not read: a piece goes downstream as soon as it is here (a trickled body trickles on).
  co_await http::async_read_some(connection.socket, connection.buffer, *parser_,
                                 asio::redirect_error(asio::use_awaitable, ec));
  piece.bytes.resize(piece.bytes.size() - body.size);
  if (ec == http::error::need_buffer) ec = {};
  if (ec) {
    // L1: a framed body (content-length or chunked) that ends early is a protocol error; a body
    // delimited by the close completes at EOF instead (the parser says done).
    piece.timed_out = guard.fired();
    piece.failed = !piece.timed_out;
    piece.reason = ResetReason::protocol_error;
    co_return piece;
  }
  complete_ = parser_->is_done();
  piece.done = complete_;
  co_return piece;
}

bool UpstreamExchange::reusable() const { return complete_ && keep_alive_; }

}  // namespace rwchaos::harness::mesh
