#include "harness/mesh/router.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "harness/mesh/reset_reason.hpp"
#include "harness/mesh/retry_on.hpp"
#include "harness/mesh/retry_state.hpp"

namespace rwchaos::harness::mesh {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

namespace {

constexpr auto no_deadline = Clock::time_point::max();

bool dropped_upstream(const std::string& name) {
  return name == "connection" || name == "keep-alive" || name == "proxy-connection" || name == "transfer-encoding" ||
         name == "te" || name == "upgrade" || name == "content-length" || name == "expect";
}

// The request as the sidecar sends it upstream: the client's headers minus hop-by-hop ones, the
// body framed by content-length, x-forwarded-proto (ConnectionManagerUtility::mutateRequestHeaders)
// and x-envoy-expected-rq-timeout-ms when a timeout applies (FilterUtility::setTimeoutHeaders).
std::string upstream_request_bytes(const ProxiedRequest& request, Millis expected_timeout) {
  std::string out = fmt::format("{} {} HTTP/1.1\r\n", request.method, request.target);
  bool has_forwarded_proto = false;
  for (const auto& [name, value] : request.headers) {
    if (dropped_upstream(name)) continue;
    if (name == "x-forwarded-proto") has_forwarded_proto = true;
    out += name + ": " + value + "\r\n";
  }
  if (!has_forwarded_proto) out += "x-forwarded-proto: http\r\n";
  if (expected_timeout.count() > 0) out += fmt::format("x-envoy-expected-rq-timeout-ms: {}\r\n", expected_timeout.count());
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
      : ctx_(context), request_(request), downstream_(downstream), log_(log), route_(context.config.route) {}

  asio::awaitable<RouteOutcome> run();

 private:
  asio::awaitable<RouteOutcome> forward(UpstreamExchange& exchange, const std::shared_ptr<UpstreamConnection>& connection,
                                        const ResponseHead& head);
  asio::awaitable<RouteOutcome> local_reply(int status, std::string body, std::string details);
  asio::awaitable<RouteOutcome> timeout_reply(std::string_view details);
  asio::awaitable<bool> back_off();
  asio::awaitable<bool> write(std::string_view bytes);

  RouterContext& ctx_;
  const ProxiedRequest& request_;
  tcp::socket& downstream_;
  AccessLogEntry& log_;
  const RouteSettings& route_;
  std::optional<RetryState> retry_;
  ResponseFlags flags_;
  bool retried_ = false;        // Envoy's is_retry_: "retried and the latest reset reason"
  Clock::time_point received_;  // the request was complete (Envoy's downstream_request_complete_time_)
  Clock::time_point global_deadline_ = no_deadline;
};

asio::awaitable<RouteOutcome> RequestRouting::run() {
  received_ = Clock::now();
  // router.cc `Filter::onRequestComplete`: the route timeout runs from the complete request; 0 is none.
  if (route_.timeout.count() > 0) global_deadline_ = received_ + route_.timeout;
  Millis per_try{0};
  if (route_.retry_policy) {
    per_try = route_.retry_policy->per_try_timeout;
    // `FilterUtility::finalTimeout`: a per-try timeout not below the route timeout is ignored.
    if (route_.timeout.count() > 0 && per_try >= route_.timeout) per_try = Millis{0};
    // `RetryStateImpl::create`: no retry_on, no retry state. `Filter::decodeData`: a body over the
    // buffer limit abandons the retry state ("retry_or_shadow_abandoned"), and the request goes on.
    if (!route_.retry_policy->retry_on.empty()) {
      if (request_.body.size() > route_.retry_buffer_limit_bytes) {
        ++ctx_.stats.retry_or_shadow_abandoned;
      } else {
        retry_.emplace(*route_.retry_policy, ctx_.config.cluster.max_retries, ctx_.active_retries, ctx_.random, ctx_.stats);
      }
    }
  }
  const std::string bytes = upstream_request_bytes(request_, per_try.count() > 0 ? per_try : route_.timeout);

  for (;;) {
    ++log_.attempts;
    PoolResult pooled = co_await ctx_.pool.acquire(global_deadline_);
    if (pooled.timed_out) {
      ++ctx_.stats.upstream_rq_timeout;
      co_return co_await timeout_reply("upstream_response_timeout");
    }
    ResetReason reason = ResetReason::connection_termination;
    std::string transport_failure;
    bool started = false;
    bool per_try_timed_out = false;
    if (pooled.failure) {
      reason = pooled.failure->reason;
      transport_failure = pooled.failure->transport_failure;
    } else {
      const auto connection = pooled.connection;
      ++ctx_.stats.upstream_rq_total;
      if (connection->requests > 1) ++ctx_.stats.upstream_rq_reused;
      log_.upstream_host = ctx_.upstream_host;
      log_.upstream_local_address = connection->local_address;
      // `UpstreamRequest::onPoolReady` starts the per-try timer once a connection is attached.
      const auto try_deadline = per_try.count() > 0 ? std::min(global_deadline_, Clock::now() + per_try) : global_deadline_;
      UpstreamExchange exchange(connection);
      const HeadOutcome outcome = co_await exchange.send(bytes, try_deadline);
      if (outcome.end == AttemptEnd::head) {
        // `Filter::onUpstreamHeaders`: a retriable response is retried unless the budget says no.
        if (retry_ && would_retry_from_headers(retry_->policy().retry_on, retry_->policy().retriable_status_codes,
                                                outcome.head.status, false)) {
          const RetryStatus status = retry_->should_retry(true);
          if (status == RetryStatus::yes) {
            // The stream is reset unless the response already ended; an HTTP/1.1 reset closes the connection.
            ctx_.pool.release(connection, !outcome.head.has_body && outcome.head.keep_alive);
            if (!co_await back_off()) co_return co_await timeout_reply("upstream_response_timeout");
            continue;
          }
          if (status == RetryStatus::limit_exceeded) flags_.set(ResponseFlag::upstream_retry_limit_exceeded);
          if (status == RetryStatus::overflow) flags_.set(ResponseFlag::upstream_overflow);
        }
        co_return co_await forward(exchange, connection, outcome.head);
      }
      ctx_.pool.release(connection, false, outcome.end == AttemptEnd::reset);
      started = outcome.request_started;
      if (outcome.end == AttemptEnd::timeout) {
        if (Clock::now() >= global_deadline_) {  // `Filter::onResponseTimeout`
          ++ctx_.stats.upstream_rq_timeout;
          co_return co_await timeout_reply("upstream_response_timeout");
        }
        // `Filter::onPerTryTimeoutCommon`: reset the attempt, then ask for a retry as for a local reset.
        ++ctx_.stats.upstream_rq_per_try_timeout;
        per_try_timed_out = true;
        reason = ResetReason::local_reset;
        started = true;
      } else {
        reason = outcome.reason;
      }
    }
    // `Filter::maybeRetryReset`.
    if (retry_) {
      const RetryStatus status = retry_->should_retry(would_retry_from_reset(retry_->policy().retry_on, reason, started));
      if (status == RetryStatus::yes) {
        if (!co_await back_off()) co_return co_await timeout_reply("upstream_response_timeout");
        continue;
      }
      if (status == RetryStatus::limit_exceeded) flags_.set(ResponseFlag::upstream_retry_limit_exceeded);
      if (status == RetryStatus::overflow) flags_.set(ResponseFlag::upstream_overflow);
    }
    if (per_try_timed_out) co_return co_await timeout_reply("upstream_per_try_timeout");
    // `Filter::onUpstreamReset`.
    flags_.set(response_flag(reason));
    log_.upstream_transport_failure_reason = transport_failure;
    std::string body = reset_reply_body(reason, retried_, transport_failure);
    std::string details = reset_details(reason, false, transport_failure);
    co_return co_await local_reply(local_reply_status(reason), std::move(body), std::move(details));
  }
}

// The retry waits its back-off, within the route timeout (`RetryStateImpl::enableBackoffTimer`).
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

asio::awaitable<RouteOutcome> RequestRouting::local_reply(int status, std::string body, std::string details) {
  RouteOutcome out{status, true, !request_.keep_alive, flags_};
  log_.response_code = status;
  log_.response_code_details = std::move(details);
  const std::string bytes = local_reply_bytes(status, body, ctx_.server, out.close, std::chrono::system_clock::now());
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

// The head goes to the client as soon as it is here, then each piece of the body as it arrives: a
// reset after that cannot become a local reply any more, so the client's connection is cut
// (`Filter::onUpstreamReset` with downstream_response_started_: details upstream_reset_after_response_started).
asio::awaitable<RouteOutcome> RequestRouting::forward(UpstreamExchange& exchange,
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
        log_.response_code_details = "upstream_response_timeout";
      } else {
        flags_.set(response_flag(piece.reason));
        log_.response_code_details = reset_details(piece.reason, true, "");
      }
      ++ctx_.stats.downstream_rq_reset_after_response_started;
      ctx_.pool.release(connection, false, piece.failed);
      out.flags = flags_;
      out.close = true;
      co_return out;
    }
    if (piece.done) break;
  }
  if (ok && forwarded.chunked) ok = co_await write(last_chunk());
  ctx_.pool.release(connection, ok && exchange.reusable());
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
