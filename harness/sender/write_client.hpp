#pragma once
// The sender's HTTP/1.1 client for remote-write POSTs: one keep-alive connection, opened when
// needed, reused while the receiver keeps it, closed after any error (Boost.Beast, so the sender
// controls its connection and every timeout).
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "harness/sender/attempt.hpp"
#include "harness/sender/http_url.hpp"

namespace rwchaos::harness::sender {

using Headers = std::vector<std::pair<std::string, std::string>>;

class WriteClient {
 public:
  // timeout: for the whole exchange (connect, write, response), like Prometheus' remote_timeout.
  WriteClient(HttpUrl url, std::chrono::milliseconds timeout);
  ~WriteClient();
  WriteClient(const WriteClient&) = delete;
  WriteClient& operator=(const WriteClient&) = delete;

  // POSTs `body` to the URL with `headers` (Host and Content-Length are added). Gives up at the
  // timeout, or once `abandon()` is true (asked every 20 ms: the flush deadline at shutdown).
  Attempt post(const std::string& body, const Headers& headers, const std::function<bool()>& abandon);

 private:
  struct Exchange;
  void close();

  HttpUrl url_;
  std::chrono::milliseconds timeout_;
  boost::asio::io_context io_;
  std::unique_ptr<boost::beast::tcp_stream> stream_;  // open between requests: the kept-alive connection
  boost::beast::flat_buffer buffer_;
};

}  // namespace rwchaos::harness::sender
