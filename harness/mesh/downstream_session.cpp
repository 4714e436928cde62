#include "harness/mesh/downstream_session.hpp"

#include <cctype>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

#include "faults/plan/splitmix.hpp"
#include "harness/mesh/endpoint_text.hpp"
#include "harness/mesh/retry_backoff.hpp"
#include "harness/mesh/response_bytes.hpp"
#include "harness/mesh/socket_deadline.hpp"

namespace rwchaos::harness::mesh {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;
using tcp = asio::ip::tcp;

namespace {

constexpr std::uint32_t max_header_bytes = 60 * 1024;  // HttpConnectionManager max_request_headers_kb default
constexpr std::chrono::hours downstream_idle_timeout{1};  // HttpConnectionManager common_http_protocol_options.idle_timeout

std::string lower(boost::beast::string_view text) {
  std::string out(text.data(), text.size());
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A version-4 UUID, as Envoy's request id extension makes one, drawn from the seed and the
// request's number so runs repeat.
std::string request_id(std::uint64_t key) {
  const std::uint64_t high = (faults::splitmix64(key ^ 0x1d) & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  const std::uint64_t low = (faults::splitmix64(key ^ 0x2e) & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", high >> 32, (high >> 16) & 0xffff, high & 0xffff,
                     low >> 48, low & 0xffffffffffffULL);
}

ProxiedRequest proxied(http::request<http::string_body>&& message, std::uint64_t number, const SidecarConfig& config) {
  ProxiedRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.keep_alive = message.keep_alive();
  request.number = number;
  bool has_id = false;
  for (const auto& field : message) {
    request.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
    has_id = has_id || request.headers.back().first == "x-request-id";
  }
  // Keyed apart from the back-off draws of the same request.
  if (!has_id) request.headers.emplace_back("x-request-id", request_id(request_key(config.seed, 0x100 + static_cast<std::uint64_t>(config.role), number)));
  request.body = std::move(message.body());
  return request;
}

void log_request(const ProxiedRequest& request, AccessLogEntry& log) {
  for (const auto& [name, value] : request.headers) log.request_headers[name] = value;
  log.request_headers[":method"] = request.method;
  log.request_headers[":path"] = request.target;
  if (const auto host = log.request_headers.find("host"); host != log.request_headers.end())
    log.request_headers[":authority"] = host->second;
  log.bytes_received = request.body.size();
}

// An answer the codec gives before any routing (malformed request, body over the limit): the
// connection ends after it.
asio::awaitable<void> refuse(tcp::socket& socket, SessionContext& context, AccessLogEntry& log, int status,
                             std::string_view body, std::string_view details) {
  const std::string bytes =
      local_reply_bytes(status, body, context.router.server, true, false, std::chrono::system_clock::now());
  error_code ec;
  co_await asio::async_write(socket, asio::buffer(bytes), asio::redirect_error(asio::use_awaitable, ec));
  log.response_code = status;
  log.response_code_details = std::string(details);
  log.bytes_sent = ec ? 0 : body.size();
  ResponseFlags none;
  context.router.stats.count_response(status, none, true);
  context.log.write(log);
}

// FIN first, then drain what the client still sends until it closes too (at most Envoy's
// delayed_close_timeout, 1 s): closing with unread bytes would reset the connection and could
// destroy the answer before the client read it.
asio::awaitable<void> close_lingering(tcp::socket& socket) {
  error_code ec;
  socket.shutdown(tcp::socket::shutdown_send, ec);
  {
    SocketDeadline deadline(socket, Clock::now() + std::chrono::seconds(1));
    char sink[16 * 1024];
    while (!ec) co_await socket.async_read_some(asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
  }
  socket.close(ec);
}

// Requests one after another on one connection, until it ends or the sidecar stops.
asio::awaitable<void> serve_requests(tcp::socket& socket, SessionContext& context) {
  auto& stats = context.router.stats;
  ++stats.downstream_cx_total;
  error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  const std::string local = endpoint_text(socket.local_endpoint(ec));
  const std::string remote = endpoint_text(socket.remote_endpoint(ec));
  boost::beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(context.router.config.max_request_bytes);
    parser.header_limit(max_header_bytes);
    if (context.stopping) break;
    {
      // HttpConnectionManager's idle timeout (1 h): a connection with no request is closed. Headers
      // that started arriving get the same bound (Envoy has no header timeout of its own by default).
      SocketDeadline idle(socket, Clock::now() + downstream_idle_timeout);
      context.waiting.insert(&socket);
      co_await http::async_read_header(socket, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
      context.waiting.erase(&socket);
    }
    const auto started = Clock::now();
    AccessLogEntry log;
    log.start = std::chrono::system_clock::now();
    log.downstream_local_address = local;
    log.downstream_remote_address = remote;
    if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
        ec == asio::error::operation_aborted)
      break;
    if (ec == http::error::body_limit) {  // the announced length is over the limit
      co_await refuse(socket, context, log, 413, "Payload Too Large", "request_payload_too_large");
      break;
    }
    if (ec) {
      co_await refuse(socket, context, log, 400, "", "http1.codec_error");
      break;
    }
    if (parser.get()[http::field::expect] == "100-continue") {
      co_await asio::async_write(socket, asio::buffer(std::string_view("HTTP/1.1 100 Continue\r\n\r\n")),
                                 asio::redirect_error(asio::use_awaitable, ec));
    }
    co_await http::async_read(socket, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == http::error::body_limit) {
      co_await refuse(socket, context, log, 413, "Payload Too Large", "request_payload_too_large");
      break;
    }
    if (ec) break;  // the client left mid-request
    ++stats.downstream_rq_total;
    const ProxiedRequest request = proxied(parser.release(), ++context.requests, context.router.config);
    log_request(request, log);
    const RouteOutcome outcome = co_await route_request(context.router, request, socket, log);
    log.response_flags = outcome.flags.to_string();
    log.duration = std::chrono::duration_cast<Millis>(Clock::now() - started);
    stats.count_response(outcome.status, outcome.flags, outcome.local_reply);
    context.log.write(log);
    if (outcome.close) break;
  }
}

}  // namespace

void stop_sessions(SessionContext& context) {
  context.stopping = true;
  error_code ignored;
  for (tcp::socket* socket : context.waiting) socket->cancel(ignored);
  if (context.open == 0 && context.on_last_closed) context.on_last_closed();
}

asio::awaitable<void> serve_downstream(tcp::socket socket, SessionContext& context) {
  ++context.open;
  co_await serve_requests(socket, context);
  co_await close_lingering(socket);
  if (--context.open == 0 && context.stopping && context.on_last_closed) context.on_last_closed();
}

}  // namespace rwchaos::harness::mesh
