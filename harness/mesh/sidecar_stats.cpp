#include "harness/mesh/sidecar_stats.hpp"

namespace rwchaos::harness::mesh {

namespace {
constexpr std::size_t kept_backoffs = 1000;
}

void SidecarStats::count_response(int status, const ResponseFlags& flags, bool local_reply) {
  ++responses_by_code[status];
  for (const auto flag : flags.list()) {
    ++response_flags[std::string(short_name(flag))];
    if (local_reply) ++local_replies_by_flag[std::string(short_name(flag))];
  }
  if (local_reply) ++local_replies;
}

void SidecarStats::count_backoff(std::int64_t ms) {
  retry_backoffs_ms.push_back(ms);
  if (retry_backoffs_ms.size() > kept_backoffs) retry_backoffs_ms.pop_front();
}

nlohmann::json SidecarStats::to_json(std::uint64_t upstream_cx_active, std::uint64_t upstream_cx_idle) const {
  nlohmann::json codes = nlohmann::json::object();
  for (const auto& [code, n] : responses_by_code) codes[std::to_string(code)] = n;
  return {
      {"downstream_cx_total", downstream_cx_total},
      {"downstream_rq_total", downstream_rq_total},
      {"downstream_rq_reset_after_response_started", downstream_rq_reset_after_response_started},
      {"responses_by_code", codes},
      {"local_replies", local_replies},
      {"local_replies_by_flag", local_replies_by_flag},
      {"response_flags", response_flags},
      {"upstream_rq_total", upstream_rq_total},
      {"upstream_rq_retry", upstream_rq_retry},
      {"retry_backoffs_ms", retry_backoffs_ms},
      {"upstream_rq_reused", upstream_rq_reused},
      {"upstream_rq_retry_limit_exceeded", upstream_rq_retry_limit_exceeded},
      {"upstream_rq_retry_overflow", upstream_rq_retry_overflow},
      {"upstream_rq_pending_overflow", upstream_rq_pending_overflow},
      {"upstream_rq_timeout", upstream_rq_timeout},
      {"upstream_rq_per_try_timeout", upstream_rq_per_try_timeout},
      {"retry_or_shadow_abandoned", retry_or_shadow_abandoned},
      {"upstream_cx_total", upstream_cx_total},
      {"upstream_cx_destroy", upstream_cx_destroy},
      {"upstream_cx_destroy_remote", upstream_cx_destroy_remote},
      {"upstream_cx_idle_timeout", upstream_cx_idle_timeout},
      {"upstream_cx_max_requests", upstream_cx_max_requests},
      {"upstream_cx_connect_fail", upstream_cx_connect_fail},
      {"upstream_cx_connect_timeout", upstream_cx_connect_timeout},
      {"upstream_cx_overflow", upstream_cx_overflow},
      {"upstream_cx_active", upstream_cx_active},
      {"upstream_cx_idle", upstream_cx_idle},
  };
}

}  // namespace rwchaos::harness::mesh
