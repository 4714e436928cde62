#include "faults/engine/connection.hpp"

#include <boost/beast/http/status.hpp>

namespace rwchaos::faults::engine {

namespace http = boost::beast::http;

std::string_view reason_phrase(int status) {
  auto reason = http::obsolete_reason(http::int_to_status(static_cast<unsigned>(status)));
  return reason.empty() ? std::string_view("Unknown") : std::string_view(reason.data(), reason.size());
}

asio::awaitable<bool> Connection::send_response(int status, Headers headers, std::string_view body, bool keep_alive) {
  if (status >= 200 && status != 204 && status != 304) headers.emplace_back("content-length", std::to_string(body.size()));
  if (!keep_alive) headers.emplace_back("connection", "close");
  std::string bytes = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason_phrase(status)) + "\r\n";
  for (const auto& [name, value] : headers) bytes += name + ": " + value + "\r\n";
  bytes += "\r\n";
  bytes += body;
  co_return co_await send(bytes);
}

}  // namespace rwchaos::faults::engine
