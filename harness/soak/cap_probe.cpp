#include "harness/soak/cap_probe.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <vector>

namespace rwchaos::harness::soak {

CapProbeResult probe_connection_cap(const HostPort& to, std::uint64_t count) {
  CapProbeResult result;
  std::vector<pollfd> fds;
  std::vector<int> sockets;
  for (std::uint64_t i = 0; i < count; ++i) {
    const int fd = connect_loopback(to, /*nonblocking=*/true);
    if (fd < 0) {
      ++result.connect_failures;
      continue;
    }
    ++result.opened;
    fds.push_back({fd, POLLIN, 0});
    sockets.push_back(fd);
  }
  // The upstream accepts from its backlog and resets what is over the cap; give it a second.
  // An accepted idle connection stays silent until the header timeout (10 s by default).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  std::vector<bool> closed(fds.size(), false);
  while (std::chrono::steady_clock::now() < deadline) {
    ::poll(fds.data(), fds.size(), 100);
    for (std::size_t i = 0; i < fds.size(); ++i)
      if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) {
        closed[i] = true;
        fds[i].fd = -1;  // seen; poll skips it from now on
      }
  }
  for (std::size_t i = 0; i < fds.size(); ++i) {
    closed[i] ? ++result.reset_at_once : ++result.held;
    ::close(sockets[i]);
  }
  return result;
}

}  // namespace rwchaos::harness::soak
