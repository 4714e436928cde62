#pragma once
// One small interface per stage of a request (docs/faults.md "How a request is handled"), after
// Toxiproxy's small Toxic plus optional interfaces: an action implements the stage it acts in, and
// the engine asks it only what that stage needs. Actions live in catalogue/, which depends on this
// file; the engine knows them only through it.
#include <cstddef>
#include <memory>
#include <variant>

#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio/awaitable.hpp>

#include "faults/engine/exchange.hpp"
#include "faults/engine/wire.hpp"
#include "faults/config/duration.hpp"

namespace rwchaos::faults::engine {

// accept: a new connection, before any byte (refuse).
class AcceptAction {
 public:
  virtual ~AcceptAction() = default;
  virtual asio::awaitable<void> act(Wire& wire) const = 0;
};

// idle: a kept-alive connection waits for its next request (idle_close).
class IdleAction {
 public:
  virtual ~IdleAction() = default;
  // How long the connection may idle; `draw` is uniform in [0,1) from the seed.
  virtual Duration idle_limit(double draw) const = 0;
  virtual asio::awaitable<void> act(Wire& wire) const = 0;
};

// arrival: the first bytes of a request arrived, nothing parsed (close_on_reuse,
// close_before_headers with after_bytes).
class ArrivalAction {
 public:
  virtual ~ArrivalAction() = default;
  virtual bool reused_only() const { return false; }
  // Bytes of the request to read before acting (0: none).
  virtual std::size_t after_bytes() const { return 0; }
  virtual asio::awaitable<Answer> act(Exchange& exchange) const = 0;
};

// delay: before a parsed request is handled; every match adds up (latency).
class DelayAction {
 public:
  virtual ~DelayAction() = default;
  virtual Duration delay() const = 0;
};

// answer: the first match decides the answer (respond, close_before_headers, half_close, ...).
class AnswerAction {
 public:
  virtual ~AnswerAction() = default;
  // Whether the request is committed to storage before the action acts.
  virtual bool commit() const = 0;
  // The status the action would answer with (0: none); a failed commit replaces a 2xx with 503.
  virtual int planned_status() const { return 0; }
  virtual asio::awaitable<Answer> act(Exchange& exchange) const = 0;
};

// The stages in the order a request meets them; StagedAction's alternatives follow it.
enum class Stage { accept, idle, arrival, delay, answer };

// An action as the plan holds it: exactly one stage's interface.
using StagedAction = std::variant<std::shared_ptr<const AcceptAction>, std::shared_ptr<const IdleAction>,
                                  std::shared_ptr<const ArrivalAction>, std::shared_ptr<const DelayAction>,
                                  std::shared_ptr<const AnswerAction>>;

inline Stage stage_of(const StagedAction& action) { return static_cast<Stage>(action.index()); }

// `when.path` can only be checked once the request line is read.
inline bool knows_path(Stage stage) { return stage == Stage::delay || stage == Stage::answer; }
// `when.idle_for` needs a request: a new connection (accept) or one still idling has none yet.
inline bool knows_idle(Stage stage) { return stage != Stage::accept && stage != Stage::idle; }

inline bool is_2xx(int status) { return status >= 200 && status < 300; }

}  // namespace rwchaos::faults::engine
