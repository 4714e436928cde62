#include "harness/soak/slowloris.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

namespace rwchaos::harness::soak {

namespace {

using Clock = std::chrono::steady_clock;

struct Held {
  int fd = -1;
  Clock::time_point opened;
};

// Grace for "closed at the header timeout": the upstream's timer, its accept queue and our tick.
constexpr std::chrono::seconds enforcement_slack{3};

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The connection became readable: the upstream answered or closed. Reads what is there.
Answer ending_of(int fd) {
  char buffer[512];
  const ssize_t n = ::recv(fd, buffer, sizeof buffer - 1, MSG_DONTWAIT);
  if (n == 0) return {0, "eof"};
  if (n < 0) return {0, errno == ECONNRESET ? "reset" : "error"};
  buffer[n] = '\0';
  const std::string text(buffer, static_cast<std::size_t>(n));
  if (text.rfind("HTTP/1.", 0) == 0 && text.size() >= 12) return {std::atoi(text.c_str() + 9), ""};
  return {0, "error"};
}

}  // namespace

SlowlorisResult run_slowloris(const HostPort& to, const SlowlorisPlan& plan) {
  SlowlorisResult result;
  const auto end = Clock::now() + plan.window;
  const auto overdue_after = std::chrono::duration<double>(plan.header_timeout + enforcement_slack).count();
  std::vector<Held> held;
  auto open_one = [&] {
    if (result.opened + result.connect_failures >= plan.max_total) return;
    const int fd = connect_loopback(to, /*nonblocking=*/true);
    if (fd < 0) {
      ++result.connect_failures;
      return;
    }
    ++result.opened;
    // The request line and one header now; then a header that never ends.
    const std::string_view start = "POST /api/v1/write HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    if (send_all(fd, start)) result.bytes_sent += start.size();
    held.push_back({fd, Clock::now()});
  };
  while (static_cast<int>(held.size()) < plan.connections && result.connect_failures < 100) open_one();

  auto next_tick = Clock::now();
  while (Clock::now() < end) {
    result.peak_open = std::max<std::uint64_t>(result.peak_open, held.size());
    if (Clock::now() >= next_tick) {
      for (const Held& h : held)
        if (::send(h.fd, "a", 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1) ++result.bytes_sent;
      next_tick += plan.tick;
    }
    std::vector<pollfd> fds;
    for (const Held& h : held) fds.push_back({h.fd, POLLIN, 0});
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(std::min(next_tick, end) - Clock::now());
    ::poll(fds.data(), fds.size(), static_cast<int>(std::max<long>(0, wait.count())));
    std::vector<Held> still;
    std::size_t closed_now = 0;
    for (std::size_t i = 0; i < held.size(); ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        still.push_back(held[i]);
        continue;
      }
      const double lifetime = seconds_since(held[i].opened);
      ++result.closed_by_upstream;
      ++result.answers[ending_of(held[i].fd).key()];
      result.lifetimes_s.push_back(lifetime);
      if (lifetime > overdue_after) ++result.overdue;
      ::close(held[i].fd);
      ++closed_now;
    }
    held.swap(still);
    for (std::size_t i = 0; i < closed_now && Clock::now() < end; ++i) open_one();
  }
  for (const Held& h : held) {
    if (seconds_since(h.opened) > overdue_after) ++result.overdue;
    ::close(h.fd);
  }
  return result;
}

}  // namespace rwchaos::harness::soak
