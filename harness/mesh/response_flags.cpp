#include "harness/mesh/response_flags.hpp"

#include <algorithm>

namespace rwchaos::harness::mesh {

// Short names: source/common/stream_info/utility.h `ResponseFlagUtils` (UT, LR, UF, UC, UO, URX, UPE, DC, NR).
std::string_view short_name(ResponseFlag flag) {
  switch (flag) {
    case ResponseFlag::upstream_request_timeout: return "UT";
    case ResponseFlag::local_reset: return "LR";
    case ResponseFlag::upstream_connection_failure: return "UF";
    case ResponseFlag::upstream_connection_termination: return "UC";
    case ResponseFlag::upstream_overflow: return "UO";
    case ResponseFlag::upstream_retry_limit_exceeded: return "URX";
    case ResponseFlag::upstream_protocol_error: return "UPE";
    case ResponseFlag::downstream_connection_termination: return "DC";
    case ResponseFlag::no_route_found: return "NR";
  }
  return "?";
}

void ResponseFlags::set(ResponseFlag flag) {
  if (!has(flag)) flags_.push_back(flag);
}

bool ResponseFlags::has(ResponseFlag flag) const { return std::find(flags_.begin(), flags_.end(), flag) != flags_.end(); }

std::string ResponseFlags::to_string() const {
  if (flags_.empty()) return "-";
  std::string out;
  for (const auto flag : flags_) {
    if (!out.empty()) out += ",";
    out += short_name(flag);
  }
  return out;
}

}  // namespace rwchaos::harness::mesh
