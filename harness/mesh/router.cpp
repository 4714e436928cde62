#include "harness/mesh/router.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "harness/mesh/reset_reason.hpp"
#include "harness/mesh/retry_on.hpp"
#include "harness/mesh/retry_state.hpp"
#include "harness/mesh/route_match.hpp"

namespace rwchaos::harness::mesh {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

namespace {

constexpr auto no_deadline = Clock::time_point::max();

bool hop_by_hop(const std::string& name) {
  return name == "connection" || name == "keep-alive" || name == "proxy-connection" || name == "transfer-encoding" ||
         name == "te" || name == "upgrade" || name == "content-length" || name == "expect";
}

// Request headers Envoy's router reads and removes (`RetryStateImpl::create`, `FilterUtility::finalTimeout`);
// the model ignores their values.
bool consumed_by_router(const std::string& name) {
  return name == "x-envoy-retry-on" || name == "x-envoy-retry-grpc-on" || name == "x-envoy-max-retries" ||
         name == "x-envoy-retriable-status-codes" || name == "x-envoy-retriable-header-names" ||
         name == "x-envoy-upstream-rq-timeout-ms" || name == "x-envoy-upstream-rq-per-try-timeout-ms" ||
         name == "x-envoy-hedge-on-per-try-timeout" || name == "x-envoy-expected-rq-timeout-ms";
}

// The request as one attempt sends it upstream: the client's headers minus hop-by-hop and router
// ones, x-forwarded-proto (ConnectionManagerUtility::mutateRequestHeaders), the expected timeout
// (FilterUtility::setTimeoutHeaders), x-envoy-attempt-count when `attempt` > 0 (R11), the body
// framed by content-length.
std::string upstream_request_bytes(const ProxiedRequest& request, Millis expected_timeout, unsigned attempt) {
  std::string out = fmt::format("{} {} HTTP/1.1\r\n", request.method, request.target);
  bool has_forwarded_proto = false;
  for (const auto& [name, value] : request.headers) {
    if (hop_by_hop(name) || consumed_by_router(name)) continue;
    if (attempt > 0 && name == "x-envoy-attempt-count") continue;
    if (name == "x-forwarded-proto") has_forwarded_proto = true;
    out += name + ": " + value + "\r\n";
  }
  if (!has_forwarded_proto) out += "x-forwarded-proto: http\r\n";
  if (expected_timeout.count() > 0) out += fmt::format("x-envoy-expected-rq-timeout-ms: {}\r\n", expected_timeout.count());
  if (attempt > 0) out += fmt::format("x-envoy-attempt-count: {}\r\n", attempt);
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT")
    out += fmt::format("content-length: {}\r\n", request.body.size());
  out += "\r\n";
  out += request.body;
  return out;
}

// One request's way through the router. Lives on the caller's coroutine frame.
// No temporary of a class type appears inside a co_await expression here: g++ 12 can destroy such
// a temporary twice (a double free seen with a conditional operand).
class RequestRouting {
 public:
  RequestRouting(RouterContext& context, const ProxiedRequest& request, tcp::socket& downstream, AccessLogEntry& log)
      : ctx_(context), request_(request), downstream_(downstream), log_(log) {}

  asio::awaitable<RouteOutcome> run();

 private:
  void plan_retries(const RouteSettings& route, Cluster& cluster);
  asio::awaitable<RouteOutcome> attempts(Cluster& cluster, Millis per_try, Millis expected_timeout);
  asio::awaitable<RouteOutcome> forward(UpstreamExchange& exchange, Cluster& cluster,
                                        const std::shared_ptr<UpstreamConnection>& connection, const ResponseHead& head);
  asio::awaitable<RouteOutcome> local_reply(int status, std::string body, std::string details, bool overloaded = false);
  asio::awaitable<RouteOutcome> timeout_reply(std::string_view details);
  asio::awaitable<bool> back_off();
  asio::awaitable<bool> write(std::string_view bytes);

  RouterContext& ctx_;
  const ProxiedRequest& request_;
  tcp::socket& downstream_;
  AccessLogEntry& log_;
  RetryPolicy policy_;          // the route's, minus tokens this Envoy does not know
  std::optional<RetryState> retry_;
  ResponseFlags flags_;
  bool retried_ = false;        // Envoy's is_retry_: "retried and the latest reset reason" (L3)
  bool started_ = false;        // an attempt was handed a connection (R3), for good
  Clock::time_point received_;  // the request was complete (Envoy's downstream_request_complete_time_)
  Clock::time_point global_deadline_ = no_deadline;
};

asio::awaitable<RouteOutcome> RequestRouting::run() {
  received_ = Clock::now();
  const RouteSettings* route = match_route(ctx_.config.routes, request_.method, request_.target);
  if (!route) {  // R15
    flags_.set(ResponseFlag::no_route_found);
    co_return co_await local_reply(404, std::string(), "route_not_found");
  }
  log_.route_name = route->name;
  const auto index = static_cast<std::size_t>(
      std::find_if(ctx_.config.clusters.begin(), ctx_.config.clusters.end(),
                   [&](const ClusterSettings& c) { return c.name == route->cluster; }) -
      ctx_.config.clusters.begin());
  Cluster& cluster = *ctx_.clusters.at(index);
  log_.upstream_cluster = cluster.settings.name;
  // R13, `Filter::onRequestComplete`: the route timeout runs from the complete request; 0 is none.
  if (route->timeout.count() > 0) global_deadline_ = received_ + route->timeout;
  Millis per_try{0};
  if (route->retry_policy) {
    per_try = route->retry_policy->per_try_timeout;
    // R12, `FilterUtility::finalTimeout`: a per-try timeout not below the route timeout is ignored.
    if (route->timeout.count() > 0 && per_try >= route->timeout) per_try = Millis{0};
    plan_retries(*route, cluster);
  }
  co_return co_await attempts(cluster, per_try, per_try.count() > 0 ? per_try : route->timeout);
}

void RequestRouting::plan_retries(const RouteSettings& route, Cluster& cluster) {
  policy_ = *route.retry_policy;
  // R3: Envoy 1.30 does not know reset-before-request and drops it.
  if (!ctx_.config.envoy.knows_reset_before_request) policy_.retry_on.remove(RetryToken::reset_before_request);
  // R1, `RetryStateImpl::create`: no retry_on, no retry state. R10, `Filter::decodeData`: a body
  // over the buffer limit abandons the retry state ("retry_or_shadow_abandoned"); the request goes on.
  if (policy_.retry_on.empty()) return;
  if (request_.body.size() > ctx_.config.retry_buffer_limit_bytes) {
    ++ctx_.stats.retry_or_shadow_abandoned;
    return;
  }
  retry_.emplace(policy_, cluster.settings.max_retries, cluster.active_retries,
                 request_key(ctx_.config.seed, static_cast<std::uint64_t>(ctx_.config.role), request_.number), ctx_.stats);
}

asio::awaitable<RouteOutcome> RequestRouting::attempts(Cluster& cluster, Millis per_try, Millis expected_timeout) {
  for (unsigned attempt = 1;; ++attempt) {
    log_.attempts = attempt;
    log_.upstream_local_address.clear();
    log_.upstream_transport_failure_reason.clear();
    PoolResult pooled = co_await cluster.pool.acquire(global_deadline_);
    if (pooled.timed_out) {
      ++ctx_.stats.upstream_rq_timeout;
      co_return co_await timeout_reply("response_timeout");
    }
    ResetReason reason = ResetReason::connection_termination;
    bool per_try_timed_out = false;
    if (pooled.failure) {
      reason = pooled.failure->reason;
      // A pending overflow never selected a host (`%UPSTREAM_HOST%` stays "-").
      if (reason != ResetReason::overflow) log_.upstream_host = ctx_.upstream_host;
      log_.upstream_transport_failure_reason = pooled.failure->transport_failure;
    } else {
      const auto connection = pooled.connection;
      started_ = true;
      ++ctx_.stats.upstream_rq_total;
      if (connection->requests > 1) ++ctx_.stats.upstream_rq_reused;
      log_.upstream_host = ctx_.upstream_host;
      log_.upstream_local_address = connection->local_address;
      // R12, `UpstreamRequest::onPoolReady`: the per-try timer starts once a connection is attached.
      const auto try_deadline = per_try.count() > 0 ? std::min(global_deadline_, Clock::now() + per_try) : global_deadline_;
      const std::string bytes =
          upstream_request_bytes(request_, expected_timeout, ctx_.config.attempt_count_header ? attempt : 0);
      UpstreamExchange exchange(connection);
      const HeadOutcome outcome = co_await exchange.send(bytes, try_deadline);
      if (outcome.end == AttemptEnd::head) {
        // R4, `Filter::onUpstreamHeaders`: a retriable response is retried unless the budget says no.
        const RetriableResponse response{outcome.head.status, outcome.head.envoy_ratelimited, outcome.head.grpc_status};
        if (retry_ && would_retry_from_headers(policy_.retry_on, policy_.retriable_status_codes, response)) {
          const RetryStatus status = retry_->should_retry(true);
          if (status == RetryStatus::yes) {
            // R6: the stream is reset unless the response already ended; on HTTP/1.1 that closes the connection.
            cluster.pool.release(connection, !outcome.head.has_body && outcome.head.keep_alive);
            if (!co_await back_off()) co_return co_await timeout_reply("response_timeout");
            continue;
          }
          if (status == RetryStatus::limit_exceeded) flags_.set(ResponseFlag::upstream_retry_limit_exceeded);  // R7
          if (status == RetryStatus::overflow) flags_.set(ResponseFlag::upstream_overflow);                     // R8
        }
        co_return co_await forward(exchange, cluster, connection, outcome.head);
      }
      cluster.pool.release(connection, false, outcome.end == AttemptEnd::reset);
      if (outcome.end == AttemptEnd::timeout) {
        if (Clock::now() >= global_deadline_) {  // R13, `Filter::onResponseTimeout`
          ++ctx_.stats.upstream_rq_timeout;
          co_return co_await timeout_reply("response_timeout");
        }
        // R12, `Filter::onPerTryTimeoutCommon`: reset the attempt, then decide as for a local reset.
        ++ctx_.stats.upstream_rq_per_try_timeout;
        per_try_timed_out = true;
        reason = ResetReason::local_reset;
      } else {
        reason = outcome.reason;
      }
    }
    // R2, R3, `Filter::maybeRetryReset`.
    if (retry_) {
      const RetryStatus status = retry_->should_retry(would_retry_from_reset(policy_.retry_on, reason, started_));
      if (status == RetryStatus::yes) {
        if (!co_await back_off()) co_return co_await timeout_reply("response_timeout");
        continue;
      }
      if (status == RetryStatus::limit_exceeded) flags_.set(ResponseFlag::upstream_retry_limit_exceeded);
      if (status == RetryStatus::overflow) flags_.set(ResponseFlag::upstream_overflow);
    }
    if (per_try_timed_out) co_return co_await timeout_reply("upstream_per_try_timeout");
    // L2, L4, `Filter::onUpstreamReset`.
    flags_.set(response_flag(reason));
    const std::string& why = log_.upstream_transport_failure_reason;
    std::string body = reset_reply_body(reason, retried_, why);
    std::string details = reset_details(reason, false, why, ctx_.config.envoy.details_separator);
    co_return co_await local_reply(local_reply_status(reason), std::move(body), std::move(details),
                                   reason == ResetReason::overflow);
  }
}

// R9: the retry waits its back-off, within the route timeout (`RetryStateImpl::enableBackoffTimer`).
asio::awaitable<bool> RequestRouting::back_off() {
  retried_ = true;
  ++ctx_.stats.upstream_rq_retry;
  const Millis wait = retry_->next_backoff();
  ctx_.stats.count_backoff(wait.count());
  const auto until = std::min(global_deadline_, Clock::now() + wait);
  asio::steady_timer timer(downstream_.get_executor());
  timer.expires_at(until);
  error_code ignored;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  co_return Clock::now() < global_deadline_;
}

asio::awaitable<bool> RequestRouting::write(std::string_view bytes) {
  error_code ec;
  co_await asio::async_write(downstream_, asio::buffer(bytes.data(), bytes.size()), asio::redirect_error(asio::use_awaitable, ec));
  if (ec) flags_.set(ResponseFlag::downstream_connection_termination);
  co_return !ec;
}

asio::awaitable<RouteOutcome> RequestRouting::local_reply(int status, std::string body, std::string details, bool overloaded) {
  RouteOutcome out{status, true, !request_.keep_alive, {}};
  log_.response_code = status;
  log_.response_code_details = std::move(details);
  const std::string bytes =
      local_reply_bytes(status, body, ctx_.server, out.close, overloaded, std::chrono::system_clock::now());
  const bool written = co_await write(bytes);
  if (written) log_.bytes_sent = body.size();
  out.flags = flags_;
  out.close = out.close || !written;
  co_return out;
}

// `Filter::onUpstreamTimeoutAbort`: 504 "upstream request timeout", flag UT.
asio::awaitable<RouteOutcome> RequestRouting::timeout_reply(std::string_view details) {
  flags_.set(ResponseFlag::upstream_request_timeout);
  std::string body = "upstream request timeout";
  std::string why(details);
  co_return co_await local_reply(504, std::move(body), std::move(why));
}

// L8, L9: the head goes to the client as soon as it is here, then each piece of the body as it
// arrives; a reset after that cannot become a local reply any more, so the client's connection is
// cut (`Filter::onUpstreamReset` with downstream_response_started_).
asio::awaitable<RouteOutcome> RequestRouting::forward(UpstreamExchange& exchange, Cluster& cluster,
                                                      const std::shared_ptr<UpstreamConnection>& connection,
                                                      const ResponseHead& head) {
  RouteOutcome out{head.status, false, !request_.keep_alive, {}};
  const auto service_time = std::chrono::duration_cast<Millis>(Clock::now() - received_).count();
  const ForwardedHead forwarded = forwarded_head(head, ctx_.server, service_time, out.close, std::chrono::system_clock::now());
  log_.response_code = head.status;
  log_.response_code_details = "via_upstream";
  for (const auto& [name, value] : head.headers) log_.response_headers[name] = value;
  log_.response_headers["x-envoy-upstream-service-time"] = std::to_string(service_time);
  bool ok = co_await write(forwarded.bytes);
  while (ok) {
    const BodyPiece piece = co_await exchange.read_body(global_deadline_);
    if (!piece.bytes.empty()) {
      const std::string framed = forwarded.chunked ? chunk(piece.bytes) : piece.bytes;
      ok = co_await write(framed);
      if (ok) log_.bytes_sent += piece.bytes.size();
    }
    if (!ok) break;
    if (piece.failed || piece.timed_out) {
      if (piece.timed_out) {
        ++ctx_.stats.upstream_rq_timeout;
        flags_.set(ResponseFlag::upstream_request_timeout);
        log_.response_code_details = "response_timeout";
      } else {
        flags_.set(response_flag(piece.reason));
        log_.response_code_details = reset_details(piece.reason, true, "", ctx_.config.envoy.details_separator);
      }
      ++ctx_.stats.downstream_rq_reset_after_response_started;
      cluster.pool.release(connection, false, piece.failed);
      out.flags = flags_;
      out.close = true;
      co_return out;
    }
    if (piece.done) break;
  }
  if (ok && forwarded.chunked) ok = co_await write(last_chunk());
  cluster.pool.release(connection, ok && exchange.reusable());
  out.flags = flags_;
  out.close = out.close || !ok;
  co_return out;
}

}  // namespace

asio::awaitable<RouteOutcome> route_request(RouterContext& context, const ProxiedRequest& request, tcp::socket& downstream,
                                            AccessLogEntry& log) {
  RequestRouting routing(context, request, downstream, log);
  co_return co_await routing.run();
}

}  // namespace rwchaos::harness::mesh
