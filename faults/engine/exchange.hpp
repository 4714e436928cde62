#pragma once
// What an action gets while it answers one request (Exchange), and what it tells the engine it did
// (Answer).
#include <functional>
#include <optional>

#include "faults/engine/wire.hpp"
#include "faults/ledger/outcome.hpp"
#include "faults/config/duration.hpp"

namespace rwchaos::faults::engine {

// What the action did, for the ledger and for the engine's next move.
struct Answer {
  Outcome outcome = Outcome::response;
  int status = 0;                // status line sent, 0 when none
  bool keep_alive = false;       // the connection may serve the next request
  std::optional<Duration> hold;  // after recording: keep the connection until the peer closes or this passes
};

struct Exchange {
  Wire& wire;
  bool keep_alive = false;  // the request allows the connection to be kept
  // What an action's own delays count from: the request's last byte plus any latency.
  Clock::time_point delays_from = Clock::now();
  // Set by the engine: makes this request's ledger record durable with `answer`.
  std::function<void(const Answer&)> on_record = {};
  bool recorded = false;

  // An action calls this right before its first move on the wire (a byte, a FIN, an RST) with
  // what it is about to do, so a crash of the upstream never loses the record of an answer the
  // client may have seen. An action that ends without moving is recorded by the engine.
  void record(const Answer& answer) {
    if (recorded) return;
    recorded = true;
    if (on_record) on_record(answer);
  }
};

}  // namespace rwchaos::faults::engine
