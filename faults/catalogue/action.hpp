#pragma once
// The shape every catalogue action has (after Toxiproxy's toxics): plain parameters parsed from the
// plan entry, and one `act` composed of Connection verbs. The engine asks each action at the stage
// it acts in; see docs/faults.md "Precedence".
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio/awaitable.hpp>

#include "faults/engine/connection.hpp"
#include "faults/plan/duration.hpp"

namespace rwchaos::faults::catalogue {

enum class Stage {
  accept,   // on a new connection, before any byte: refuse
  idle,     // while a kept-alive connection waits for its next request: idle_close
  arrival,  // the first bytes of a request arrived, nothing parsed: close_on_reuse, close_before_headers.after_bytes
  delay,    // before handling a parsed request; every match adds up: latency
  answer,   // the first match decides the answer: respond, close_before_headers, half_close, ...
};

// What the action did, for the ledger and for the engine's next move.
struct Answer {
  std::string outcome = "response";  // response | close_fin | close_rst | half_close | truncated | no_answer
                                     // | client_closed (the client went away while the action waited)
  int status = 0;                    // status line sent, 0 when none
  bool keep_alive = false;           // the connection may serve the next request
  std::optional<Duration> hold;      // after recording: keep the connection until the peer closes or this passes
};

// Everything an action may use while it acts on one request.
struct Exchange {
  engine::Connection& conn;
  const engine::Request& request;
  bool committed = false;       // the request was committed to storage before acting
  // What an action's own delays count from: the request's last byte plus any latency (answer stage).
  engine::Clock::time_point delays_from = engine::Clock::now();
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

class Action {
 public:
  virtual ~Action() = default;
  virtual std::string_view name() const = 0;
  virtual Stage stage() const = 0;
  // Whether the request is forwarded to storage before acting (answer stage only).
  virtual bool commit() const { return false; }
  // Status the action would answer with (0: none); a failed commit replaces a 2xx answer with 503.
  virtual int planned_status() const { return 0; }
  // `when.path` can only be checked once the request line is read.
  virtual bool knows_path() const { return stage() != Stage::accept && stage() != Stage::idle && stage() != Stage::arrival; }
  // arrival stage: act only on reused connections (close_on_reuse).
  virtual bool reused_only() const { return false; }
  // arrival stage: bytes of the request to read before acting (0: none).
  virtual std::size_t after_bytes() const { return 0; }
  // idle stage: how long a kept-alive connection may idle; `draw` is uniform in [0,1) from the seed.
  virtual Duration idle_limit(double /*draw*/) const { return Duration{0}; }
  // delay stage: how long to wait before handling.
  virtual Duration delay() const { return Duration{0}; }
  // accept, arrival and answer stages: act on the connection.
  virtual boost::asio::awaitable<Answer> act(Exchange& exchange) const = 0;
};

inline bool is_2xx(int status) { return status >= 200 && status < 300; }

}  // namespace rwchaos::faults::catalogue
