#pragma once
// One server-side connection as the engine sees it: the Wire verbs faults act with, plus reading
// requests and ending the connection. TcpConnection is the socket; tests use a stub.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "faults/engine/memory_budget.hpp"
#include "faults/engine/request.hpp"
#include "faults/engine/wire.hpp"

namespace rwchaos::faults::engine {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct ReadLimits {
  std::size_t max_body_bytes = 32u << 20;
  std::size_t max_header_bytes = 64u << 10;
  Millis header_timeout{10'000};
  MemoryBudget* budget = nullptr;  // shared by all connections; null: no budget
};

enum class Arrival { data, peer_closed, timeout };

class Connection : public Wire {
 public:
  virtual std::uint64_t id() const = 0;
  virtual std::uint64_t requests() const = 0;  // requests begun on this connection
  bool reused() const { return requests() > 1; }
  virtual bool open() const = 0;

  // Waits until bytes of the next request are buffered (pipelined leftovers count), the peer
  // closes, or `limit` passes. Counts the request as begun on data.
  [[nodiscard]] virtual asio::awaitable<Arrival> wait_request_bytes(std::optional<Millis> limit) = 0;
  // Parses one full request (body and header limits, header deadline from now).
  [[nodiscard]] virtual asio::awaitable<Request> read_request() = 0;
  // Reads until at least `n` bytes of the current request are buffered (or EOF/timeout); how many are.
  [[nodiscard]] virtual asio::awaitable<std::size_t> read_prefix(std::size_t n) = 0;
  // Keeps the connection, reading and discarding, until the peer closes or `max` passes.
  virtual asio::awaitable<void> hold(Millis max) = 0;
  // Ends the connection: a pending FIN close drains input briefly, then the socket closes.
  virtual asio::awaitable<void> finish() = 0;

  // Status, headers (content-length added) and body in one send.
  [[nodiscard]] asio::awaitable<bool> send_response(int status, Headers headers, std::string_view body, bool keep_alive);
};

std::string_view reason_phrase(int status);

}  // namespace rwchaos::faults::engine
