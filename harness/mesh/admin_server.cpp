#include "harness/mesh/admin_server.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace rwchaos::harness::mesh {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;
using tcp = asio::ip::tcp;

namespace {

asio::awaitable<void> answer(tcp::socket socket, StatsSource stats) {
  boost::beast::flat_buffer buffer;
  http::request<http::string_body> request;
  error_code ec;
  co_await http::async_read(socket, buffer, request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  http::response<http::string_body> response;
  response.version(11);
  response.keep_alive(false);
  const std::string_view target(request.target().data(), request.target().size());
  if (request.method() != http::verb::get) {
    response.result(http::status::method_not_allowed);
    response.body() = "GET only\n";
  } else if (target == "/ready") {
    response.result(http::status::ok);
    response.body() = "LIVE\n";
  } else if (target == "/stats") {
    response.result(http::status::ok);
    response.set(http::field::content_type, "application/json");
    response.body() = stats().dump() + "\n";
  } else {
    response.result(http::status::not_found);
    response.body() = "GET /ready or GET /stats\n";
  }
  response.prepare_payload();
  co_await http::async_write(socket, response, asio::redirect_error(asio::use_awaitable, ec));
  socket.shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace

asio::awaitable<void> serve_admin(tcp::acceptor& acceptor, StatsSource stats) {
  for (;;) {
    error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) continue;
    asio::co_spawn(acceptor.get_executor(), answer(std::move(socket), stats), asio::detached);
  }
}

}  // namespace rwchaos::harness::mesh
