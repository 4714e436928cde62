#pragma once
// The hop istio counts (docs/scenario.md "Counts"): mesh_replies, mesh_retries, response_flags.
#include <map>
#include <string>
#include <vector>

#include "harness/checks/observations.hpp"

namespace rwchaos::harness {

struct MeshCounts {
  std::map<std::string, std::uint64_t> response_flags;
  // The client's requests answered by a sidecar's own reply (mesh_replies is their number), for the
  // timeline too (unix ms, flags).
  std::vector<AccessLogLine> reply_lines;
  // Inbound lines of a request id seen before there: the outbound sidecar's retries (server meshed).
  std::vector<AccessLogLine> outbound_retry_lines;
};

// mesh_replies joins the two logs on x-request-id: an outbound local reply, or a response the
// outbound relayed whose inbound line (the last attempt's: the inbound logs each attempt as one
// request) was the inbound sidecar's local reply.
MeshCounts mesh_counts(const MeshObservations& mesh);

}  // namespace rwchaos::harness
