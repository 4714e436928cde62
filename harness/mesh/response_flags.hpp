#pragma once
// Envoy's response flags (%RESPONSE_FLAGS%), kept in the order they were set: current Envoy logs
// them that way (source/common/stream_info/utility.cc `ResponseFlagUtils::toString` walks
// `responseFlags()`, a list in set order), so a retry limit hit before the reply reads "URX,UC".
#include <string>
#include <string_view>
#include <vector>

namespace rwchaos::harness::mesh {

enum class ResponseFlag {
  upstream_request_timeout,         // UT
  local_reset,                      // LR
  upstream_connection_failure,      // UF
  upstream_connection_termination,  // UC
  upstream_overflow,                // UO
  upstream_retry_limit_exceeded,    // URX
  upstream_protocol_error,          // UPE
  downstream_connection_termination,  // DC
  no_route_found,                   // NR
};

std::string_view short_name(ResponseFlag flag);

class ResponseFlags {
 public:
  void set(ResponseFlag flag);
  bool has(ResponseFlag flag) const;
  bool empty() const { return flags_.empty(); }
  const std::vector<ResponseFlag>& list() const { return flags_; }
  std::string to_string() const;  // "URX,UC"; "-" when none

 private:
  std::vector<ResponseFlag> flags_;
};

}  // namespace rwchaos::harness::mesh
