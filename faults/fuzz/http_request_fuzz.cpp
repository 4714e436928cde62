// Fuzz target: the upstream's HTTP request reading, exactly as the engine drives it on received bytes:
// Connection::wait_request_bytes + Connection::read_request in a keep-alive loop (pipelined leftovers
// stay in the connection's buffer), then Connection::finish. The engine parses only from a socket,
// so the input is written into one end of a local socketpair whose other end is the connection.
// Input length % 3 picks how the bytes arrive (all at once, in 2 or in 3 writes with the parser
// running in between), so the parser's need-more paths are reached deterministically.
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>  // before Asio: Boost 1.74 awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio.hpp>

#include "faults/engine/tcp_connection.hpp"

namespace {

namespace engine = rwchaos::faults::engine;
namespace asio = boost::asio;

// Small limits so size errors are reachable from small inputs.
constexpr engine::ReadLimits limits{16u << 10, 4u << 10, engine::Millis{10'000}};
constexpr std::size_t max_input = 256u << 10;

struct Outcome {
  std::size_t bytes_read = 0;
  bool done = false;
};

// The length a Content-Length value announces: digits without leading zeros ("0005" is 5), and a
// list of equal values counts once ("5, 05" is 5; RFC 9110 8.6 lets a recipient accept that, and
// Beast does). Anything else stays as written, so an accepted odd value shows up as a mismatch.
std::string announced_length(const std::string& text) {
  std::string length;
  std::size_t from = 0;
  for (;;) {
    const std::size_t comma = std::min(text.find(',', from), text.size());
    std::string item = text.substr(from, comma - from);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos) return text;
    const std::size_t first = item.find_first_not_of('0');
    item = first == std::string::npos ? "0" : item.substr(first);
    if (!length.empty() && item != length) return text;
    length = item;
    if (comma == text.size()) return length;
    from = comma + 1;
  }
}

// serve_connection.cpp's per-connection loop without faults or answers.
asio::awaitable<void> serve(std::shared_ptr<engine::Connection> conn, Outcome& outcome) {
  for (;;) {
    const auto arrival = co_await conn->wait_request_bytes(std::nullopt);
    if (arrival != engine::Arrival::data) break;
    const engine::Request request = co_await conn->read_request();
    outcome.bytes_read += request.bytes_read;
    if (request.status != engine::ReadStatus::complete) {
      if (request.error.empty() || request.keep_alive) __builtin_trap();  // a failure says why and closes
      break;
    }
    if (auto it = request.headers.find("content-length"); it != request.headers.end()) {
      if (announced_length(it->second) != std::to_string(request.body.size())) __builtin_trap();  // body as announced
    }
    if (request.method.empty() || !request.keep_alive) break;
  }
  co_await conn->finish();
  outcome.done = true;
}

void drain(int fd) {  // replies (100 Continue) must not fill the socket and stall the server
  char sink[4096];
  while (recv(fd, sink, sizeof sink, MSG_DONTWAIT) > 0) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > max_input) return 0;
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) != 0) __builtin_trap();
  asio::io_context io;
  engine::tcp::socket server(io);
  server.assign(engine::tcp::v4(), fds[0]);  // only stream reads/writes/shutdown are used on it
  auto conn = std::make_shared<engine::TcpConnection>(std::move(server), 1, limits);
  Outcome outcome;
  asio::co_spawn(io, serve(conn, outcome), asio::detached);

  const std::size_t pieces = 1 + size % 3;
  std::vector<std::size_t> ends;
  for (std::size_t i = 1; i <= pieces; ++i) ends.push_back(size * i / pieces);
  std::size_t sent = 0;
  for (const std::size_t end : ends) {
    // Write this piece, letting the server run whenever the socket is full; stop if it closed.
    for (int stalls = 0; sent < end && stalls < 1000;) {
      const ssize_t n = send(fds[1], data + sent, end - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) sent += static_cast<std::size_t>(n);
      else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) break;
      stalls = io.poll() == 0 && n <= 0 ? stalls + 1 : 0;
      drain(fds[1]);
    }
    io.poll();
    drain(fds[1]);
  }
  shutdown(fds[1], SHUT_WR);
  // Bounded: after EOF every read returns at once; finish() lingers at most 1s.
  while (!outcome.done && io.run_one_for(std::chrono::seconds(5)) > 0) drain(fds[1]);
  close(fds[1]);
  if (!outcome.done) __builtin_trap();               // the server never finished the connection
  if (outcome.bytes_read > sent) __builtin_trap();   // consumed more than arrived
  return 0;
}
