#include "faults/engine/serve.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "faults/catalogue/action.hpp"
#include "faults/engine/offload.hpp"

namespace rwchaos::faults::engine {
namespace {

using catalogue::Answer;
using catalogue::Exchange;
using catalogue::Stage;

struct Match {
  const Fault* fault = nullptr;
  std::size_t index = 0;
  explicit operator bool() const { return fault != nullptr; }
};

Duration since_install(const Plan& plan) {
  return std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - plan.installed);
}

Match first_match(const Plan& plan, Stage stage, const Facts& facts) {
  for (std::size_t i = 0; i < plan.faults.size(); ++i) {
    const Fault& fault = plan.faults[i];
    if (fault.impl->stage() != stage) continue;
    if (fault.impl->reused_only() && !facts.reused) continue;
    if (matches(fault.when, facts, plan.seed, i)) return {&fault, i};
  }
  return {};
}

double unix_ms_now() {
  using namespace std::chrono;
  return static_cast<double>(duration_cast<microseconds>(system_clock::now().time_since_epoch()).count()) / 1000.0;
}

std::string path_of(const std::string& target) { return target.substr(0, target.find('?')); }

void add_fault(LedgerRecord& record, std::string_view action) {
  if (!record.fault.empty()) record.fault += '+';
  record.fault += action;
}

void finish_record(Context& ctx, LedgerRecord& record, const Answer& answer) {
  record.outcome = answer.outcome;
  record.status = answer.status;
  ctx.ledger.append(record);
  ctx.stats.request_recorded(record);
}

struct CommitResult {
  std::optional<std::string> error;
  ledger::SampleCounts counts;
};

// On a pool thread: forward (if configured), then book the samples.
CommitResult commit_request(Context& ctx, const std::string& body, const remotewrite::WriteRequestView& request) {
  CommitResult result;
  if (ctx.forwarder) result.error = ctx.forwarder->forward(body);
  if (!result.error) result.counts = ctx.book.commit(request);
  return result;
}

struct DecodedAndCommitted {
  remotewrite::DecodedPayload decoded;
  BudgetLease lease;                   // the decoded bytes in the memory budget
  std::optional<CommitResult> commit;  // when committed in the same pool job
  bool within_budget = true;
};

// Answers that end a request without a fault: bad input, limits, timeouts, a refused commit.
// Recorded before the first byte leaves, like every answer.
asio::awaitable<void> answer_error(Connection& conn, Context& ctx, LedgerRecord& record, int status,
                                   const std::string& message, bool keep_alive) {
  finish_record(ctx, record, Answer{"response", status, keep_alive, std::nullopt});
  // Built outside the co_await: g++ 12 miscompiles braced string-literal initializers in coroutines.
  Headers headers;
  headers.emplace_back("content-type", "text/plain; charset=utf-8");
  const std::string body = message + "\n";
  co_await conn.send_response(status, std::move(headers), body, keep_alive);
}

// An Exchange whose action makes `record` durable right before its first move on the wire.
Exchange exchange_for(Connection& conn, Context& ctx, LedgerRecord& record, const Request& request, bool committed) {
  Exchange exchange{conn, request, committed};
  exchange.on_record = [&ctx, &record](const Answer& answer) { finish_record(ctx, record, answer); };
  return exchange;
}

// Runs an arrival- or answer-stage action; one that ended without recording (the client went
// away while slow_headers waited) is recorded with what it returned.
asio::awaitable<Answer> act(const Fault& fault, Exchange& exchange, Context& ctx, LedgerRecord& record) {
  const Answer answer = co_await fault.impl->act(exchange);
  if (!exchange.recorded) finish_record(ctx, record, answer);
  co_return answer;
}

asio::awaitable<bool> serve_request(std::shared_ptr<Connection> conn, Context& ctx, std::uint64_t& id) {
  const auto plan = ctx.plans.current();
  LedgerRecord record;
  record.id = id = ctx.ledger.next_id();
  record.conn = conn->id();
  record.conn_index = conn->requests();
  record.reused = conn->reused();
  record.arrival_unix_ms = unix_ms_now();
  Facts facts{record.id, record.reused, since_install(*plan), std::nullopt};

  // Arrival stage: act on the first bytes, before the request is parsed.
  if (Match match = first_match(*plan, Stage::arrival, facts)) {
    Request partial;
    if (const std::size_t n = match.fault->impl->after_bytes()) partial.bytes_read = co_await conn->read_prefix(n);
    add_fault(record, match.fault->action);
    Exchange exchange = exchange_for(*conn, ctx, record, partial, false);
    co_await act(*match.fault, exchange, ctx, record);
    co_return false;
  }

  const Request request = co_await conn->read_request();
  record.method = request.method;
  record.path = path_of(request.target);
  record.size = request.body.size();
  for (const char* name : {"content-encoding", "content-type", "x-prometheus-remote-write-version", "user-agent"}) {
    if (auto it = request.headers.find(name); it != request.headers.end()) record.headers[name] = it->second;
  }
  if (request.status != ReadStatus::complete) {
    record.error = request.error;
    const int status = request.status == ReadStatus::too_large     ? 413
                       : request.status == ReadStatus::bad_request ? 400
                       : request.status == ReadStatus::timeout     ? 408
                       : request.status == ReadStatus::over_budget ? 503
                                                                   : 0;
    if (status == 0) finish_record(ctx, record, Answer{"no_answer", 0, false, std::nullopt});
    else co_await answer_error(*conn, ctx, record, status, request.error, false);
    co_return false;
  }
  if (request.method != "POST") {
    record.error = "method " + request.method + " not allowed; remote-write uses POST";
    co_await answer_error(*conn, ctx, record, 405, record.error, request.keep_alive);
    co_return request.keep_alive && conn->open();
  }

  // Every fault of this request is decided now, before any of them acts, so the in-flight record
  // names them: a client that gives up mid-fault still leaves a record that says which fault.
  // They depend on the request's id, connection, time and path, not on its body.
  // Delay stage: every matching latency adds up. Answer stage: the first match decides; none
  // means a normal 204.
  facts.path = record.path;
  Duration delay{0};
  for (std::size_t i = 0; i < plan->faults.size(); ++i) {
    const Fault& fault = plan->faults[i];
    if (fault.impl->stage() == Stage::delay && matches(fault.when, facts, plan->seed, i)) {
      delay += fault.impl->delay();
      add_fault(record, fault.action);
    }
  }
  const Match match = first_match(*plan, Stage::answer, facts);
  const bool commit = match ? match.fault->impl->commit() : true;

  // Without a delay the commit follows the decode in the same pool job: one round trip, not two.
  const bool commit_with_decode = commit && delay.count() == 0;
  auto work = co_await offload(ctx.pool, [&] {
    DecodedAndCommitted out{remotewrite::decode_payload(request.body, ctx.decode_limits), BudgetLease(ctx.limits.budget),
                            std::nullopt};
    // The decoded payload is held until the answer: it counts against the budget, checked
    // before anything is committed so a 503 never follows a commit.
    out.within_budget = !out.decoded || out.lease.hold(out.decoded.size);
    if (!out.within_budget) {
      out.decoded.bytes.reset();
    } else if (out.decoded && commit_with_decode) {
      out.commit = commit_request(ctx, request.body, out.decoded.request);
      // Booked: the payload is no longer needed. Freed here, on the thread that allocated it, before
      // its next decode, so that one reuses this memory instead of taking fresh pages.
      out.decoded.release_payload();
      out.lease.release();
    }
    return out;
  });
  if (!work.within_budget) {
    record.fault.clear();
    record.error = ctx.limits.budget->refusal(work.decoded.size, "decoded bytes");
    co_await answer_error(*conn, ctx, record, 503, record.error, false);
    co_return false;
  }
  const remotewrite::DecodedPayload& decoded = work.decoded;
  if (!decoded) {
    // Like VictoriaMetrics: a body that cannot be decoded is the client's fault, 400 with the reason;
    // no fault acts on it.
    record.fault.clear();
    record.error = "cannot decode remote-write body: " + decoded.error->message;
    const int status = decoded.error->kind == remotewrite::DecodeErrorKind::too_large ? 413 : 400;
    co_await answer_error(*conn, ctx, record, status, record.error, request.keep_alive);
    co_return request.keep_alive && conn->open();
  }
  record.decoded_size = decoded.size;
  record.hash = remotewrite::hex64(decoded.hash);
  record.series = decoded.series;
  record.samples = decoded.samples;
  // The final record names the faults that acted: the answer action only once it got to act.
  const std::string delay_faults = record.fault;
  if (match) add_fault(record, match.fault->action);
  ctx.ledger.pending(record);

  // Delays count from the request's last byte, so decoding and committing happen inside them
  // rather than after: the client sees its first answer byte `latency + slow_headers.delay` after
  // it sent the request (docs/performance.md, slow_headers_delay_error_ms).
  const Clock::time_point handling_from = request.received_at + delay;
  if (delay.count() > 0 && !co_await conn->wait_while_peer_stays(handling_from)) {
    // Gone during the latency: neither committed nor answered.
    record.fault = delay_faults;
    finish_record(ctx, record, Answer{"client_closed", 0, false, std::nullopt});
    co_return false;
  }

  if (commit) {
    // Not a ?: with co_await in one branch: g++ 12 destroys the frame's temporaries twice then.
    CommitResult result;
    if (work.commit) result = std::move(*work.commit);
    else result = co_await offload(ctx.pool, [&] { return commit_request(ctx, request.body, decoded.request); });
    record.committed = !result.error;
    record.commit_error = result.error.value_or("");
    record.duplicate_samples = result.counts.duplicates;
    record.out_of_order = result.counts.out_of_order;
    ctx.ledger.pending(record);
  }
  const int planned = match ? match.fault->impl->planned_status() : 204;
  if (commit && !record.committed && catalogue::is_2xx(planned)) {
    // Never claim success for what storage refused; the planned action does not act.
    record.fault = delay_faults;
    co_await answer_error(*conn, ctx, record, 503, record.commit_error, request.keep_alive);
    co_return request.keep_alive && conn->open();
  }
  if (!match) {
    // Recorded before the 204 leaves: a crash after the client saw success never loses the record.
    finish_record(ctx, record, Answer{"response", 204, request.keep_alive, std::nullopt});
    co_await conn->send_response(204, {}, "", request.keep_alive);
    co_return request.keep_alive && conn->open();
  }
  Exchange exchange = exchange_for(*conn, ctx, record, request, record.committed);
  exchange.delays_from = handling_from;
  const Answer answer = co_await act(*match.fault, exchange, ctx, record);
  if (answer.hold) co_await conn->hold(*answer.hold);
  co_return answer.keep_alive && conn->open();
}

asio::awaitable<void> serve_requests(std::shared_ptr<Connection> conn, Context& ctx);

}  // namespace

asio::awaitable<void> serve_connection(std::shared_ptr<Connection> conn, Context& ctx) {
  try {
    co_await serve_requests(conn, ctx);
  } catch (const std::exception& error) {
    // Never take the upstream down for one connection; say so and reset it.
    std::fprintf(stderr, "rwchaos upstream: connection %llu: %s\n", static_cast<unsigned long long>(conn->id()), error.what());
    conn->close_rst();
  }
  ctx.stats.connection_closed();
}

namespace {

// A kept-alive connection waits for its next request. The plan is looked at again at least every
// `replan` so a PUT /plan adds or removes an idle_close on connections that are already idle; the
// idle time counts from the end of the last answer either way.
constexpr Millis replan{500};

asio::awaitable<Arrival> wait_next_request(Connection& conn, Context& ctx, std::uint64_t last_id) {
  if (conn.requests() == 0) co_return co_await conn.wait_request_bytes(ctx.limits.header_timeout);
  const auto idle_since = Clock::now();
  for (;;) {
    const auto plan = ctx.plans.current();
    const Match idle = first_match(*plan, Stage::idle, Facts{last_id, conn.reused(), since_install(*plan), std::nullopt});
    Millis wait = replan;
    std::optional<Millis> limit;
    if (idle) {
      // The jitter draw is keyed by connection and request, so the same run draws the same.
      const double draw = seeded_draw(plan->seed, idle.index, (conn.id() << 20) ^ conn.requests());
      limit = idle.fault->impl->idle_limit(draw);
      const auto left = *limit - std::chrono::duration_cast<Millis>(Clock::now() - idle_since);
      wait = std::clamp(left, Millis{0}, replan);
    }
    const Arrival arrival = co_await conn.wait_request_bytes(wait);
    if (arrival != Arrival::timeout) co_return arrival;
    if (limit && Clock::now() - idle_since >= *limit) {
      Request none;
      Exchange exchange{conn, none};
      const Answer answer = co_await idle.fault->impl->act(exchange);
      ctx.stats.fault_injected(idle.fault->action, answer.outcome);
      co_return Arrival::timeout;
    }
  }
}

asio::awaitable<void> serve_requests(std::shared_ptr<Connection> conn, Context& ctx) {
  {
    const auto plan = ctx.plans.current();
    // `refuse` selects by connection id: `requests: "1-3"` means the first three connections.
    const Facts facts{conn->id(), false, since_install(*plan), std::nullopt};
    if (Match match = first_match(*plan, Stage::accept, facts)) {
      Request none;
      Exchange exchange{*conn, none};
      const Answer answer = co_await match.fault->impl->act(exchange);
      ctx.stats.fault_injected(match.fault->action, answer.outcome);
      co_return;
    }
  }
  std::uint64_t last_id = 0;
  for (;;) {
    const Arrival arrival = co_await wait_next_request(*conn, ctx, last_id);
    if (arrival != Arrival::data) break;
    const bool keep_alive = co_await serve_request(conn, ctx, last_id);
    if (!keep_alive) break;
  }
  co_await conn->finish();
}

}  // namespace
}  // namespace rwchaos::faults::engine
