// receive_with_time: the arrival time of bytes is when the kernel received them, not when they
// were read, so a delay counted from it does not grow with the time a request waited for a thread.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <boost/asio.hpp>

#include "faults/engine/receive_time.hpp"

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// A connected pair; the server side inherits receive times from its listener, as the upstream's do.
struct LoopbackPair {
  asio::io_context io;
  tcp::socket client{io}, server{io};
  LoopbackPair() {
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
    rwchaos::faults::engine::enable_receive_times(acceptor.native_handle());
    client.connect(acceptor.local_endpoint());
    acceptor.accept(server);
  }
};

// The kernel turns packet stamping on in deferred work after the first socket asks for it: probe
// with single bytes until one comes back stamped (bounded), as an upstream's first requests would.
bool stamping_is_on(LoopbackPair& pair) {
  for (int attempt = 0; attempt < 2000; ++attempt) {
    asio::write(pair.client, asio::buffer(std::string("x")));
    char byte;
    auto got = rwchaos::faults::engine::receive_with_time(pair.server.native_handle(), asio::buffer(&byte, 1));
    for (int wait = 0; got.again && wait < 1000; ++wait) {  // loopback delivers within the write; bounded anyway
      std::this_thread::sleep_for(100us);
      got = rwchaos::faults::engine::receive_with_time(pair.server.native_handle(), asio::buffer(&byte, 1));
    }
    if (got.stamped) return true;
    std::this_thread::sleep_for(1ms);
  }
  return false;
}

TEST(ReceiveTime, ArrivalIsWhenTheKernelGotTheBytesNotWhenTheyWereRead) {
  LoopbackPair pair;
  ASSERT_TRUE(stamping_is_on(pair)) << "the kernel never stamped a received packet";
  const auto sent = Clock::now();
  asio::write(pair.client, asio::buffer(std::string("POST / HTTP/1.1\r\n")));
  // The bytes wait in the kernel: what is under test is that this wait is not counted.
  std::this_thread::sleep_for(100ms);
  char buffer[64];
  const auto read_at = Clock::now();
  const auto got = rwchaos::faults::engine::receive_with_time(pair.server.native_handle(), asio::buffer(buffer));
  ASSERT_EQ(got.bytes, 17u);
  EXPECT_FALSE(got.again);
  EXPECT_TRUE(got.stamped);
  EXPECT_GE(got.arrival, sent - 5ms);
  EXPECT_LT(got.arrival, read_at - 80ms) << "arrival taken at read time, not the kernel's receive time";
}

TEST(ReceiveTime, NothingToReadSaysAgainAndEndOfStreamIsZeroBytes) {
  LoopbackPair pair;
  char buffer[64];
  const auto empty = rwchaos::faults::engine::receive_with_time(pair.server.native_handle(), asio::buffer(buffer));
  EXPECT_TRUE(empty.again);
  EXPECT_EQ(empty.bytes, 0u);
  pair.client.shutdown(tcp::socket::shutdown_send);
  auto end = empty;
  for (int i = 0; i < 100 && end.again; ++i) {  // the FIN is delivered at once on loopback; bounded anyway
    end = rwchaos::faults::engine::receive_with_time(pair.server.native_handle(), asio::buffer(buffer));
    if (end.again) std::this_thread::sleep_for(1ms);
  }
  EXPECT_FALSE(end.again);
  EXPECT_EQ(end.bytes, 0u);
}

}  // namespace
