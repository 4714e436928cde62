#pragma once
// The upstream's request flow over one connection: choose faults by stage, read, decode, record,
// commit, answer. Everything it does to the wire goes through Connection verbs.
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

#include <boost/asio.hpp>

#include "codec.hpp"
#include "faults/engine/connection.hpp"
#include "faults/engine/forwarder.hpp"
#include "faults/engine/plan_holder.hpp"
#include "faults/ledger/ledger.hpp"
#include "faults/ledger/sample_book.hpp"
#include "faults/ledger/stats.hpp"

namespace rwchaos::faults::engine {

struct Context {
  PlanHolder& plans;
  ledger::Ledger& ledger;  // counts each request in `stats` as it records it
  ledger::Stats& stats;
  ledger::SampleBook& book;
  const Forwarder* forwarder;  // null: committing means keeping the samples in `book`
  asio::thread_pool& pool;
  ReadLimits limits;
  remotewrite::Limits decode_limits;
  bool ledger_samples = false;  // list each request's samples in its ledger record (--ledger-samples)
};

// Serves one connection to its end, then counts it closed; the caller counted it open
// (Stats::connection_opened) when it accepted it.
asio::awaitable<void> serve_connection(std::shared_ptr<Connection> conn, Context& ctx);

// One request whose first bytes have arrived on `conn`, through every stage to its answer. `idle`:
// how long the connection idled before them (none for its first request), for `when.idle_for`.
struct Served {
  bool keep_alive = false;      // the connection may serve another request
  std::uint64_t request_id = 0;
};
asio::awaitable<Served> serve_request(Connection& conn, Context& ctx, std::optional<Millis> idle = std::nullopt);

}  // namespace rwchaos::faults::engine
