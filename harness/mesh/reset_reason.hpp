#pragma once
// Why an upstream request ended without a response, as Envoy names it (envoyproxy/envoy
// envoy/http/stream_reset_handler.h `StreamResetReason`; strings from source/common/http/utility.cc
// `Utility::resetReasonToString`), and what the router makes of it.
#include <string>
#include <string_view>

#include "harness/mesh/response_flags.hpp"

namespace rwchaos::harness::mesh {

enum class ResetReason {
  local_connection_failure,   // the connect failed on this side
  remote_connection_failure,  // the connect was refused or reset by the peer
  connection_timeout,         // connect_timeout passed
  connection_termination,     // the connection closed (FIN or RST) after it was established
  local_reset,                // this side reset the stream (per-try timeout)
  overflow,                   // a circuit breaker refused it
  protocol_error,             // the upstream's bytes are not HTTP/1.1
};

std::string_view to_string(ResetReason reason);

// source/common/router/router.cc `Filter::streamResetReasonToResponseFlag`.
ResponseFlag response_flag(ResetReason reason);

// router.cc `Filter::onUpstreamReset`: 502 for a protocol error, 503 for every other reason.
int local_reply_status(ResetReason reason);

// router.cc `Filter::onUpstreamReset`: "upstream connect error or disconnect/reset before headers. "
// + "retried and the latest " after a retry + "reset reason: <reason>" + ", transport failure
// reason: <why>" when there is one.
std::string reset_reply_body(ResetReason reason, bool retried, std::string_view transport_failure);

// %RESPONSE_CODE_DETAILS% of a reset: upstream_reset_before_response_started{connection_termination}
// (or ..._after_response_started{...}); spaces become '_'; a transport failure reason follows
// `separator` ("|" from Envoy 1.31, "," before: EnvoyBehaviour::details_separator).
std::string reset_details(ResetReason reason, bool response_started, std::string_view transport_failure,
                          std::string_view separator);

}  // namespace rwchaos::harness::mesh
