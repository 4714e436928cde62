#include "harness/mesh/reset_reason.hpp"

#include <algorithm>

namespace rwchaos::harness::mesh {

std::string_view to_string(ResetReason reason) {
  switch (reason) {
    case ResetReason::local_connection_failure: return "local connection failure";
    case ResetReason::remote_connection_failure: return "remote connection failure";
    case ResetReason::connection_timeout: return "connection timeout";
    case ResetReason::connection_termination: return "connection termination";
    case ResetReason::local_reset: return "local reset";
    case ResetReason::overflow: return "overflow";
    case ResetReason::protocol_error: return "protocol error";
  }
  return "?";
}

ResponseFlag response_flag(ResetReason reason) {
  switch (reason) {
    case ResetReason::local_connection_failure:
    case ResetReason::remote_connection_failure:
    case ResetReason::connection_timeout: return ResponseFlag::upstream_connection_failure;
    case ResetReason::connection_termination: return ResponseFlag::upstream_connection_termination;
    case ResetReason::local_reset: return ResponseFlag::local_reset;
    case ResetReason::overflow: return ResponseFlag::upstream_overflow;
    case ResetReason::protocol_error: return ResponseFlag::upstream_protocol_error;
  }
  return ResponseFlag::local_reset;
}

int local_reply_status(ResetReason reason) { return reason == ResetReason::protocol_error ? 502 : 503; }

std::string reset_reply_body(ResetReason reason, bool retried, std::string_view transport_failure) {
  std::string body = "upstream connect error or disconnect/reset before headers. ";
  if (retried) body += "retried and the latest ";
  body += "reset reason: ";
  body += to_string(reason);
  if (!transport_failure.empty()) {
    body += ", transport failure reason: ";
    body += transport_failure;
  }
  return body;
}

std::string reset_details(ResetReason reason, bool response_started, std::string_view transport_failure,
                          std::string_view separator) {
  std::string details = response_started ? "upstream_reset_after_response_started{" : "upstream_reset_before_response_started{";
  details += to_string(reason);
  if (!transport_failure.empty()) {
    details += separator;
    details += transport_failure;
  }
  details += "}";
  std::replace(details.begin(), details.end(), ' ', '_');
  return details;
}

}  // namespace rwchaos::harness::mesh
