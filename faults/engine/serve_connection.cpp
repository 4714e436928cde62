// A connection's life: the accept stage, then requests until one ends it, each after an idle wait
// that the idle stage may cut short.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "faults/engine/choose.hpp"
#include "faults/engine/serve.hpp"
#include "faults/ledger/wall_clock.hpp"

namespace rwchaos::faults::engine {
namespace {

// A kept-alive connection waits for its next request. The plan is looked at again at least every
// `replan` so a PUT /plan adds or removes an idle_close on connections that are already idle; the
// idle time counts from the end of the last answer either way.
constexpr Millis replan{500};

// Accept stage: the first matching fault acts on the new connection, which then ends.
asio::awaitable<bool> refused(Connection& conn, Context& ctx) {
  const auto plan = ctx.plans.current();
  const Facts facts{.since_install = since_install(*plan), .connection_id = conn.id()};
  const Match match = first_match(*plan, Stage::accept, facts);
  if (!match) co_return false;
  co_await match.action<AcceptAction>().act(conn);
  ctx.stats.fault_injected({match.fault->action, conn.id(), 0, unix_ms_now()});
  co_return true;
}

// Idle stage: waits for the next request's first bytes; a matching idle fault acts once the
// connection has idled its limit. `idle_since`: when the last answer was written.
asio::awaitable<Arrival> wait_next_request(Connection& conn, Context& ctx, std::uint64_t last_id,
                                           Clock::time_point idle_since) {
  if (conn.requests() == 0) co_return co_await conn.wait_request_bytes(ctx.limits.header_timeout);
  for (;;) {
    const auto plan = ctx.plans.current();
    const Facts facts{.request_id = last_id, .reused = conn.reused(), .since_install = since_install(*plan),
                      .connection_id = conn.id()};
    const IdleLimit idle = idle_limit(*plan, facts, conn.requests());
    const auto idled = std::chrono::duration_cast<Millis>(Clock::now() - idle_since);
    const Millis wait = idle.match ? std::clamp(idle.limit - idled, Millis{0}, replan) : replan;
    const Arrival arrival = co_await conn.wait_request_bytes(wait);
    if (arrival != Arrival::timeout) co_return arrival;
    if (idle.match && Clock::now() - idle_since >= idle.limit) {
      co_await idle.match.action<IdleAction>().act(conn);
      ctx.stats.fault_injected({idle.match.fault->action, conn.id(), conn.requests(), unix_ms_now()});
      co_return Arrival::timeout;
    }
  }
}

asio::awaitable<void> serve_requests(Connection& conn, Context& ctx) {
  const bool refused_now = co_await refused(conn, ctx);
  if (refused_now) co_return;
  std::uint64_t last_id = 0;
  auto answered_at = Clock::now();
  for (;;) {
    const bool first = conn.requests() == 0;
    const Arrival arrival = co_await wait_next_request(conn, ctx, last_id, answered_at);
    if (arrival != Arrival::data) break;
    // `when.idle_for`: from the end of the previous answer to this request's first bytes.
    const std::optional<Millis> idle =
        first ? std::nullopt : std::optional<Millis>(std::chrono::duration_cast<Millis>(Clock::now() - answered_at));
    const Served served = co_await serve_request(conn, ctx, idle);
    answered_at = Clock::now();
    last_id = served.request_id;
    if (!served.keep_alive) break;
  }
  co_await conn.finish();
}

}  // namespace

asio::awaitable<void> serve_connection(std::shared_ptr<Connection> conn, Context& ctx) {
  try {
    co_await serve_requests(*conn, ctx);
  } catch (const std::exception& error) {
    // Never take the upstream down for one connection; say so and reset it.
    std::fprintf(stderr, "rwchaos upstream: connection %llu: %s\n", static_cast<unsigned long long>(conn->id()), error.what());
    conn->close(CloseHow::rst);
  }
  ctx.stats.connection_closed();
}

}  // namespace rwchaos::faults::engine
