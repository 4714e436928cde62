#pragma once
// The upstream's request flow over one connection: choose faults by stage, read, decode, record,
// commit, answer. Everything it does to the wire goes through Connection verbs.
#include <utility>
#include <cstddef>
#include <memory>

#include <boost/asio.hpp>

#include "codec.hpp"
#include "faults/engine/connection.hpp"
#include "faults/engine/forwarder.hpp"
#include "faults/ledger/ledger.hpp"
#include "faults/ledger/sample_book.hpp"
#include "faults/ledger/stats.hpp"
#include "faults/plan/plan_holder.hpp"

namespace rwchaos::faults::engine {

struct Context {
  PlanHolder& plans;
  ledger::Ledger& ledger;
  ledger::Stats& stats;
  ledger::SampleBook& book;
  const Forwarder* forwarder;  // null: committing means keeping the samples in `book`
  asio::thread_pool& pool;
  ReadLimits limits;
  remotewrite::Limits decode_limits;
};

// Serves one connection to its end, then counts it closed; the caller counted it open
// (Stats::connection_opened) when it accepted it.
asio::awaitable<void> serve_connection(std::shared_ptr<Connection> conn, Context& ctx);

}  // namespace rwchaos::faults::engine
