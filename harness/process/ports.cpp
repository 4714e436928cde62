#include "harness/process/ports.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace rwchaos::harness {

namespace {

std::mutex handed_out_mutex;
std::set<int> handed_out;  // a run uses a few ports per scenario: never pruned

struct BoundPort {
  int fd = -1;
  int port = 0;
};

BoundPort bind_any_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("free_port: socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const int err = errno;
    ::close(fd);
    throw std::runtime_error(std::string("free_port: bind 127.0.0.1:0: ") + std::strerror(err));
  }
  return {fd, ntohs(addr.sin_port)};
}

}  // namespace

int free_port() {
  std::lock_guard lock(handed_out_mutex);
  // A port handed out before stays bound while we ask again, so the kernel must choose another.
  std::vector<int> held;
  auto close_held = [&held] {
    for (int fd : held) ::close(fd);
  };
  constexpr int attempts = 64;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    BoundPort bound;
    try {
      bound = bind_any_loopback_port();
    } catch (...) {
      close_held();
      throw;
    }
    if (handed_out.insert(bound.port).second) {
      ::close(bound.fd);
      close_held();
      return bound.port;
    }
    held.push_back(bound.fd);
  }
  close_held();
  throw std::runtime_error("free_port: the kernel kept choosing ports already handed out");
}

}  // namespace rwchaos::harness
