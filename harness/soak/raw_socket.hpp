#pragma once
// Loopback TCP at the byte level: the soak speaks broken HTTP on purpose, so no HTTP library.
#include <chrono>
#include <string>
#include <string_view>

namespace rwchaos::harness::soak {

struct HostPort {
  std::string host;  // an IPv4 loopback literal, e.g. 127.0.0.1
  int port = 0;
};

// "http://127.0.0.1:40123" or "127.0.0.1:40123".
HostPort parse_host_port(std::string url);

// A blocking connect; -1 on failure. `nonblocking` sets O_NONBLOCK after the connect.
int connect_loopback(const HostPort& to, bool nonblocking = false);

// Writes all of `bytes`; false when the peer closed or reset first.
bool send_all(int fd, std::string_view bytes);

// What came back for one request: an HTTP status, or how the connection ended without one.
struct Answer {
  int status = 0;         // 0 = no status line
  std::string ended_by;   // "" when a status came, else "eof", "reset", "timeout", "error"
  std::string key() const { return status ? std::to_string(status) : ended_by; }
};

// Reads until the status line is complete, the peer closes, or `limit` passes.
Answer read_status(int fd, std::chrono::milliseconds limit);

}  // namespace rwchaos::harness::soak
