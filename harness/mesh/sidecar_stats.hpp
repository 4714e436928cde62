#pragma once
// The sidecar's counters, served as JSON by the admin listener's GET /stats (docs/internals.md
// "The sidecar"). Names follow Envoy's cluster and router stats where Envoy has one. Touched only on
// the sidecar's io thread, so plain integers.
#include <cstdint>
#include <deque>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/mesh/response_flags.hpp"

namespace rwchaos::harness::mesh {

struct SidecarStats {
  std::uint64_t downstream_cx_total = 0;
  std::uint64_t downstream_rq_total = 0;        // requests read from clients
  std::uint64_t downstream_rq_reset_after_response_started = 0;
  std::map<int, std::uint64_t> responses_by_code;
  std::uint64_t local_replies = 0;              // answers the sidecar wrote itself
  std::map<std::string, std::uint64_t> local_replies_by_flag;  // each flag of a local reply counted once
  std::map<std::string, std::uint64_t> response_flags;         // over all requests, as the access log has them

  std::uint64_t upstream_rq_total = 0;          // attempts sent upstream
  std::uint64_t upstream_rq_retry = 0;          // of them, retries
  std::deque<std::int64_t> retry_backoffs_ms;   // the last waits drawn before retries, oldest first
  std::uint64_t upstream_rq_reused = 0;         // attempts on a connection that carried one before
  std::uint64_t upstream_rq_retry_limit_exceeded = 0;
  std::uint64_t upstream_rq_retry_overflow = 0;
  std::uint64_t upstream_rq_pending_overflow = 0;
  std::uint64_t upstream_rq_timeout = 0;        // route timeout
  std::uint64_t upstream_rq_per_try_timeout = 0;
  std::uint64_t retry_or_shadow_abandoned = 0;  // body over the retry buffer limit: not retried

  std::uint64_t upstream_cx_total = 0;          // connections opened
  std::uint64_t upstream_cx_destroy = 0;        // connections closed, for any reason
  std::uint64_t upstream_cx_destroy_remote = 0; // ... because the upstream closed or reset it
  std::uint64_t upstream_cx_idle_timeout = 0;
  std::uint64_t upstream_cx_max_requests = 0;
  std::uint64_t upstream_cx_connect_fail = 0;
  std::uint64_t upstream_cx_connect_timeout = 0;
  std::uint64_t upstream_cx_overflow = 0;       // a connection wanted, max_connections reached

  void count_response(int status, const ResponseFlags& flags, bool local_reply);
  void count_backoff(std::int64_t ms);
  // `upstream_cx_active` / `upstream_cx_idle` are the pool's and passed in.
  nlohmann::json to_json(std::uint64_t upstream_cx_active, std::uint64_t upstream_cx_idle) const;
};

}  // namespace rwchaos::harness::mesh
