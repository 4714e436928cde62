#include "faults/engine/receive_time.hpp"

#include <cerrno>
#include <cstring>
#include <ctime>

#include <sys/socket.h>

namespace rwchaos::faults::engine {
namespace {

// The kernel stamps with CLOCK_REALTIME; delays run on the steady clock, so shift by how long ago it was.
std::chrono::steady_clock::time_point steady_from_realtime(const timespec& stamp) {
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  const auto steady_now = std::chrono::steady_clock::now();
  const auto ago = std::chrono::seconds(now.tv_sec - stamp.tv_sec) + std::chrono::nanoseconds(now.tv_nsec - stamp.tv_nsec);
  // A clock step between the two readings must not put the arrival in the future.
  if (ago.count() < 0) return steady_now;
  return steady_now - std::chrono::duration_cast<std::chrono::steady_clock::duration>(ago);
}

}  // namespace

void enable_receive_times(int fd) {
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
}

ReceivedBytes receive_with_time(int fd, boost::asio::mutable_buffer into) {
  ReceivedBytes result;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
  iovec iov{into.data(), into.size()};
  msghdr message{};
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  ssize_t n;
  do {
    n = ::recvmsg(fd, &message, MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    result.again = errno == EAGAIN || errno == EWOULDBLOCK;
    return result;
  }
  result.bytes = static_cast<std::size_t>(n);
  result.arrival = std::chrono::steady_clock::now();
  for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(&message, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
      timespec stamp{};
      std::memcpy(&stamp, CMSG_DATA(c), sizeof stamp);
      result.arrival = steady_from_realtime(stamp);
      result.stamped = true;
    }
  }
  return result;
}

}  // namespace rwchaos::faults::engine
