#pragma once
// The URLs the sender is given: plain http to a loopback address (the project talks to 127.0.0.0/8
// and ::1 only).
#include <cstdint>
#include <string>

namespace rwchaos::harness::sender {

struct HttpUrl {
  std::string host;  // an IP literal, without brackets
  std::uint16_t port = 0;
  std::string target;       // path and query, "/" at least
  std::string host_header;  // host:port as the Host header carries it
};

// http://HOST:PORT[/PATH]. Throws std::invalid_argument naming `what` (the option) and the fault.
HttpUrl parse_http_url(const std::string& url, const std::string& what);

}  // namespace rwchaos::harness::sender
