// One request through its stages (docs/faults.md "How a request is handled"): connection faults on
// arrival, the read and its limits, the choice of faults, decode, delay, commit, answer. Each stage
// is one function; one that ends the request answers it and says whether the connection goes on.
// A co_await's result is named before it is tested: g++ 12 miscompiles `if (co_await ...)`.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "faults/engine/choose.hpp"
#include "faults/engine/offload.hpp"
#include "faults/engine/serve.hpp"
#include "faults/ledger/series_samples.hpp"
#include "faults/ledger/wall_clock.hpp"

namespace rwchaos::faults::engine {
namespace {

std::string path_of(const std::string& target) { return target.substr(0, target.find('?')); }

// vmagent's probe for VictoriaMetrics' own remote-write protocol: a POST without a body to the
// write URL with `get_vm_proto_version` set (lib/protoparser/common/vmproto_handshake.go,
// HandleVMProtoClientHandshake adds `get_vm_proto_version=1`; HandleVMProtoServerHandshake takes any
// non-empty value).
bool is_vm_proto_handshake(const std::string& target) {
  constexpr std::string_view key = "get_vm_proto_version=";
  const auto query = target.find('?');
  if (query == std::string::npos) return false;
  std::size_t start = query + 1;
  while (start < target.size()) {
    std::size_t end = target.find('&', start);
    if (end == std::string::npos) end = target.size();
    const std::string_view pair(target.data() + start, end - start);
    if (pair.starts_with(key) && pair.size() > key.size()) return true;
    start = end + 1;
  }
  return false;
}

// The codec the request's Content-Encoding names first (compression_for).
remotewrite::Compression compression_of(const Request& request) {
  const auto it = request.headers.find("content-encoding");
  return remotewrite::compression_for(it == request.headers.end() ? std::string_view{} : it->second);
}

void add_fault(LedgerRecord& record, std::string_view action) {
  if (!record.fault.empty()) record.fault += '+';
  record.fault += action;
}

// The answer to a request that could not be read whole (0: none, the peer is gone).
int status_for(ReadStatus status) {
  switch (status) {
    case ReadStatus::too_large: return 413;
    case ReadStatus::bad_request: return 400;
    case ReadStatus::timeout: return 408;
    case ReadStatus::over_budget: return 503;
    default: return 0;
  }
}

struct CommitResult {
  std::optional<std::string> error;
  ledger::SampleCounts counts;
};

// On a pool thread: forward (if configured), then book the samples. Storage gets remote-write 1.0:
// a zstd body (VictoriaMetrics' protocol) goes as its payload in snappy.
CommitResult commit_job(Context& ctx, const std::string& body, const remotewrite::DecodedPayload& payload) {
  CommitResult result;
  if (ctx.forwarder) {
    result.error = payload.compression == remotewrite::Compression::snappy
                       ? ctx.forwarder->forward(body)
                       : ctx.forwarder->forward(remotewrite::compress(payload.payload()));
  }
  if (!result.error) result.counts = ctx.book.commit(payload.request);
  return result;
}

struct Decoded {
  remotewrite::DecodedPayload payload;
  BudgetLease lease;                   // the decoded bytes in the memory budget
  std::optional<CommitResult> commit;  // when committed in the same pool job
  bool within_budget = true;
  std::vector<SeriesSamples> listed;   // with ctx.ledger_samples
};

// On a pool thread: decode, and with `commit_too` commit in the same job (one round trip, not two).
Decoded decode_job(Context& ctx, const std::string& body, remotewrite::Compression first, bool commit_too) {
  Decoded out{remotewrite::decode_payload(body, ctx.decode_limits, first), BudgetLease(ctx.limits.budget),
              std::nullopt};
  // The decoded payload is held until the answer: it counts against the budget, checked before
  // anything is committed so a 503 never follows a commit.
  out.within_budget = !out.payload || out.lease.hold(out.payload.size);
  if (!out.within_budget) {
    out.payload.bytes.reset();
    return out;
  }
  if (out.payload && ctx.ledger_samples) out.listed = ledger::list_samples(out.payload.request);
  if (out.payload && commit_too) {
    out.commit = commit_job(ctx, body, out.payload);
    // Booked: the payload is no longer needed. Freed here, on the thread that allocated it, before
    // its next decode, so that one reuses this memory instead of taking fresh pages.
    out.payload.release_payload();
    out.lease.release();
  }
  return out;
}

// A stage that ends the request says whether the connection may serve another; nullopt: go on.
using Ended = std::optional<bool>;

// One request while it is served: its ledger entry, what is known of it, and its stages.
class RequestFlow {
 public:
  RequestFlow(Connection& conn, Context& ctx, std::optional<Millis> idle);
  // Every stage in turn, until one ends the request; whether the connection may serve another.
  asio::awaitable<bool> run();
  std::uint64_t id() const { return entry_.record.id; }

 private:
  asio::awaitable<bool> act_on_arrival(const Match& match);
  asio::awaitable<bool> refuse(const Request& request);
  asio::awaitable<Ended> decode(const Request& request, const Chosen& chosen);
  asio::awaitable<Ended> wait_delay(const Chosen& chosen, Clock::time_point until);
  asio::awaitable<Ended> commit(const Request& request, const Chosen& chosen);
  asio::awaitable<bool> answer(const Request& request, const Chosen& chosen, Clock::time_point delays_from);
  asio::awaitable<bool> answer_probe(const Request& request, const Chosen& chosen, Clock::time_point delays_from);

  asio::awaitable<bool> answer_error(int status, const std::string& message, bool keep_alive);
  asio::awaitable<bool> internal_error(const std::string& failure);
  asio::awaitable<Answer> act_recorded(asio::awaitable<Answer> acting, Exchange& exchange);
  Exchange exchange_for(bool keep_alive);
  void finish_record(const Answer& answer);

  LedgerRecord& record() { return entry_.record; }

  Connection& conn_;
  Context& ctx_;
  std::shared_ptr<const Plan> plan_;
  ledger::Entry entry_;
  Facts facts_;
  std::string delay_faults_;  // the record's `fault` before the answer action acts
  Decoded decoded_;
};

RequestFlow::RequestFlow(Connection& conn, Context& ctx, std::optional<Millis> idle)
    : conn_(conn), ctx_(ctx), plan_(ctx.plans.current()), entry_(ctx.ledger.open()) {
  record().conn = conn.id();
  record().conn_index = conn.requests();
  record().reused = conn.reused();
  record().arrival_unix_ms = unix_ms_now();
  facts_ = Facts{.request_id = record().id, .reused = record().reused, .since_install = since_install(*plan_),
                 .connection_id = conn.id(), .idle = idle};
}

asio::awaitable<bool> RequestFlow::run() {
  // Connection faults: the first bytes arrived, nothing is parsed yet.
  if (const Match match = first_match(*plan_, Stage::arrival, facts_)) co_return co_await act_on_arrival(match);

  // Limits: what cannot be read whole, or is not a POST, is answered before any fault.
  const Request request = co_await conn_.read_request();
  record().method = request.method;
  record().path = path_of(request.target);
  record().size = request.body.size();
  for (const char* name : {"content-encoding", "content-type", "x-prometheus-remote-write-version",
                           "x-victoriametrics-remote-write-version", "user-agent", "retry-attempt"}) {
    if (auto it = request.headers.find(name); it != request.headers.end()) record().headers[name] = it->second;
  }
  if (request.status != ReadStatus::complete || request.method != "POST") co_return co_await refuse(request);

  // Every fault of this request is decided now, before any of them acts, so the in-flight record
  // names them: a client that gives up mid-fault still leaves a record that says which fault.
  // They depend on the request's id, connection, time and path, not on its body.
  facts_.path = record().path;
  const Chosen chosen = choose_for_request(*plan_, facts_);
  for (const Fault* delay : chosen.delays) add_fault(record(), delay->action);
  delay_faults_ = record().fault;
  if (chosen.answer) add_fault(record(), chosen.answer.fault->action);

  // Delays count from the request's last byte, so decoding and committing happen inside them
  // rather than after: the client sees its first answer byte `latency + slow_headers.delay` after
  // it sent the request (docs/performance.md, slow_headers_delay_error_ms).
  const Clock::time_point handling_from = request.received_at + chosen.delay;
  if (is_vm_proto_handshake(request.target)) {
    // vmagent's probe: nothing to decode or commit; the plan's delay and answer act on it as on any request.
    record().handshake = true;
    ctx_.ledger.pending(entry_);
    const Ended waited = co_await wait_delay(chosen, handling_from);
    if (waited) co_return *waited;
    co_return co_await answer_probe(request, chosen, handling_from);
  }
  Ended ended = co_await decode(request, chosen);
  if (!ended) ended = co_await wait_delay(chosen, handling_from);
  if (!ended) ended = co_await commit(request, chosen);
  if (ended) co_return *ended;
  co_return co_await answer(request, chosen, handling_from);
}

// Arrival stage: the action acts on the first bytes (after reading `after_bytes` of them); the
// connection ends.
asio::awaitable<bool> RequestFlow::act_on_arrival(const Match& match) {
  const ArrivalAction& action = match.action<ArrivalAction>();
  if (const std::size_t n = action.after_bytes()) {
    // Fewer arrive when the peer stops or closes first: the cut acts all the same.
    [[maybe_unused]] const std::size_t buffered = co_await conn_.read_prefix(n);
  }
  add_fault(record(), match.fault->action);
  Exchange exchange = exchange_for(false);
  [[maybe_unused]] const Answer answer = co_await act_recorded(action.act(exchange), exchange);
  co_return false;
}

asio::awaitable<bool> RequestFlow::refuse(const Request& request) {
  if (request.status == ReadStatus::complete) {
    record().error = "method " + request.method + " not allowed; remote-write uses POST";
    co_return co_await answer_error(405, record().error, request.keep_alive);
  }
  record().error = request.error;
  const int status = status_for(request.status);
  if (status != 0) co_return co_await answer_error(status, request.error, false);
  finish_record(Answer{.outcome = Outcome::no_answer});
  co_return false;
}

// Decode (and commit, when no delay comes first); a body over the memory budget or that cannot be
// decoded ends here, and no fault acts on it.
asio::awaitable<Ended> RequestFlow::decode(const Request& request, const Chosen& chosen) {
  const bool commit_too = chosen.commit() && chosen.delay.count() == 0;
  const remotewrite::Compression first = compression_of(request);
  auto job = co_await offload(ctx_.pool, [&] { return decode_job(ctx_, request.body, first, commit_too); });
  if (!job) {
    record().fault.clear();
    co_return co_await internal_error(job.failure);
  }
  decoded_ = std::move(*job);
  if (!decoded_.within_budget) {
    record().fault.clear();
    record().error = ctx_.limits.budget->refusal(decoded_.payload.size, "decoded bytes");
    co_return co_await answer_error(503, record().error, false);
  }
  const remotewrite::DecodedPayload& payload = decoded_.payload;
  if (!payload) {
    // Like VictoriaMetrics: a body that cannot be decoded is the client's fault, 400 with the reason.
    record().fault.clear();
    record().error = "cannot decode remote-write body: " + payload.error->message;
    const int status = payload.error->kind == remotewrite::DecodeErrorKind::too_large ? 413 : 400;
    co_return co_await answer_error(status, record().error, request.keep_alive);
  }
  record().decoded_size = payload.size;
  record().hash = remotewrite::hex64(payload.hash);
  record().compression = std::string(remotewrite::to_string(payload.compression));
  record().series = payload.series;
  record().samples = payload.samples;
  record().samples_by_series = std::move(decoded_.listed);
  ctx_.ledger.pending(entry_);
  co_return std::nullopt;
}

// Delay stage: a client that goes away during the latency is neither committed nor answered.
asio::awaitable<Ended> RequestFlow::wait_delay(const Chosen& chosen, Clock::time_point until) {
  if (chosen.delay.count() == 0) co_return std::nullopt;
  const bool stayed = co_await conn_.wait_while_peer_stays(until);
  if (stayed) co_return std::nullopt;
  record().fault = delay_faults_;
  finish_record(Answer{.outcome = Outcome::client_closed});
  co_return false;
}

// Commit, when the answer action (or no fault: a 204) wants it, unless the decode job did. Storage
// refusing a request planned to be answered 2xx turns the answer into a 503: success is never
// claimed for what storage refused, and the planned action does not act.
asio::awaitable<Ended> RequestFlow::commit(const Request& request, const Chosen& chosen) {
  if (!chosen.commit()) co_return std::nullopt;
  if (!decoded_.commit) {
    auto job = co_await offload(ctx_.pool, [&] { return commit_job(ctx_, request.body, decoded_.payload); });
    if (!job) {
      record().fault = delay_faults_;
      record().commit_error = job.failure;
      co_return co_await internal_error(job.failure);
    }
    decoded_.commit = std::move(*job);
  }
  const CommitResult& result = *decoded_.commit;
  record().committed = !result.error;
  record().commit_error = result.error.value_or("");
  record().duplicate_samples = result.counts.duplicates;
  record().out_of_order = result.counts.out_of_order;
  ctx_.ledger.pending(entry_);
  if (record().committed || !is_2xx(chosen.planned_status())) co_return std::nullopt;
  record().fault = delay_faults_;
  co_return co_await answer_error(503, record().commit_error, request.keep_alive);
}

// Answer stage: the chosen action acts, or the request is answered 204.
asio::awaitable<bool> RequestFlow::answer(const Request& request, const Chosen& chosen, Clock::time_point delays_from) {
  if (!chosen.answer) {
    // Recorded before the 204 leaves: a crash after the client saw success never loses the record.
    finish_record(Answer{.outcome = Outcome::response, .status = 204, .keep_alive = request.keep_alive});
    const bool sent = co_await conn_.send_response(204, {}, "", request.keep_alive);
    co_return sent && request.keep_alive && conn_.open();
  }
  Exchange exchange = exchange_for(request.keep_alive);
  exchange.delays_from = delays_from;
  const Answer answer = co_await act_recorded(chosen.answer.action<AnswerAction>().act(exchange), exchange);
  if (answer.hold) co_await conn_.hold(*answer.hold);
  co_return answer.keep_alive && conn_.open();
}

// vmagent's protocol probe: answered as VictoriaMetrics' vminsert answers it (200, body `1`:
// HandleVMProtoServerHandshake), so vmagent speaks VictoriaMetrics' protocol to the upstream as it
// would to real storage; an answer fault chosen for it acts instead (and vmagent then falls back to
// remote-write 1.0 for its life, docs/clients.md).
asio::awaitable<bool> RequestFlow::answer_probe(const Request& request, const Chosen& chosen,
                                                Clock::time_point delays_from) {
  if (chosen.answer) co_return co_await answer(request, chosen, delays_from);
  finish_record(Answer{.outcome = Outcome::response, .status = 200, .keep_alive = request.keep_alive});
  // Built outside the co_await: g++ 12 miscompiles braced string-literal initializers in coroutines.
  Headers headers;
  headers.emplace_back("content-type", "text/plain; charset=utf-8");
  const std::string body = "1";
  const bool sent = co_await conn_.send_response(200, std::move(headers), body, request.keep_alive);
  co_return sent && request.keep_alive && conn_.open();
}

// Answers that end a request without a fault: bad input, limits, a refused commit, a failed job.
// Recorded before the first byte leaves, like every answer.
asio::awaitable<bool> RequestFlow::answer_error(int status, const std::string& message, bool keep_alive) {
  finish_record(Answer{.outcome = Outcome::response, .status = status, .keep_alive = keep_alive});
  // Built outside the co_await: g++ 12 miscompiles braced string-literal initializers in coroutines.
  Headers headers;
  headers.emplace_back("content-type", "text/plain; charset=utf-8");
  const std::string body = message + "\n";
  const bool sent = co_await conn_.send_response(status, std::move(headers), body, keep_alive);
  co_return sent && keep_alive && conn_.open();
}

// A pool job threw (the pool thread survived it): 500, and the connection ends.
asio::awaitable<bool> RequestFlow::internal_error(const std::string& failure) {
  record().error = "internal error: " + failure;
  co_return co_await answer_error(500, record().error, false);
}

// Runs an action; one that ended without recording (the client went away while slow_headers
// waited) is recorded with what it returned.
asio::awaitable<Answer> RequestFlow::act_recorded(asio::awaitable<Answer> acting, Exchange& exchange) {
  const Answer answer = co_await std::move(acting);
  if (!exchange.recorded) finish_record(answer);
  co_return answer;
}

// An Exchange whose action makes the record durable right before its first move on the wire.
Exchange RequestFlow::exchange_for(bool keep_alive) {
  Exchange exchange{conn_, keep_alive};
  exchange.on_record = [this](const Answer& answer) { finish_record(answer); };
  return exchange;
}

void RequestFlow::finish_record(const Answer& answer) {
  record().outcome = answer.outcome;
  record().status = answer.status;
  ctx_.ledger.append(entry_);
}

}  // namespace

asio::awaitable<Served> serve_request(Connection& conn, Context& ctx, std::optional<Millis> idle) {
  RequestFlow flow(conn, ctx, idle);
  const bool keep_alive = co_await flow.run();
  co_return Served{keep_alive, flow.id()};
}

}  // namespace rwchaos::faults::engine
