#pragma once
// Reads from a TCP socket with the kernel's receive time of the bytes (SO_TIMESTAMPNS, socket(7)):
// for TCP, recvmsg reports the time of the newest segment it consumed.
#include <chrono>
#include <cstddef>

#include <boost/asio/buffer.hpp>

namespace rwchaos::faults::engine {

struct ReceivedBytes {
  std::size_t bytes = 0;  // 0: end of stream or an error (reset); see `again`
  bool again = false;     // nothing to read yet (EAGAIN): wait and retry
  std::chrono::steady_clock::time_point arrival{};  // when the kernel received them, on the steady clock
  bool stamped = false;   // the kernel gave a receive time (else `arrival` is the read time)
};

// On a listening socket, accepted sockets inherit it. The kernel starts stamping packets a moment
// after the first socket asks (it turns stamping on in deferred work), so a server enables it on
// its listener at start; until then reads fall back to the read time.
void enable_receive_times(int fd);
// One non-blocking recvmsg into `into`; without a kernel timestamp, `arrival` is now.
ReceivedBytes receive_with_time(int fd, boost::asio::mutable_buffer into);

}  // namespace rwchaos::faults::engine
