#include "harness/soak/raw_socket.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace rwchaos::harness::soak {

HostPort parse_host_port(std::string url) {
  if (const auto scheme = url.find("://"); scheme != std::string::npos) url = url.substr(scheme + 3);
  if (const auto slash = url.find('/'); slash != std::string::npos) url = url.substr(0, slash);
  const auto colon = url.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("no port in address '" + url + "'");
  return {url.substr(0, colon), std::stoi(url.substr(colon + 1))};
}

int connect_loopback(const HostPort& to, bool nonblocking) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(to.port));
  if (::inet_pton(AF_INET, to.host.c_str(), &addr.sin_addr) != 1 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (nonblocking) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

Answer read_status(int fd, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::string got;
  for (;;) {
    if (const auto eol = got.find("\r\n"); eol != std::string::npos) {
      // "HTTP/1.1 400 Bad Request"
      if (got.rfind("HTTP/1.", 0) == 0 && eol >= 12) return {std::atoi(got.c_str() + 9), ""};
      return {0, "error"};
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return {0, "timeout"};
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return {0, "timeout"};
    char buffer[512];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n == 0) return {0, "eof"};
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return {0, errno == ECONNRESET ? "reset" : "error"};
    }
    got.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace rwchaos::harness::soak
