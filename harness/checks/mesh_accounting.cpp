#include "harness/checks/mesh_accounting.hpp"

#include <unordered_map>

namespace rwchaos::harness {

MeshCounts mesh_counts(const MeshObservations& mesh) {
  MeshCounts out;
  out.retries = mesh.retries;
  std::unordered_map<std::string, const AccessLogLine*> last_inbound;
  for (const auto& line : mesh.inbound) last_inbound[line.request_id] = &line;  // file order: the last attempt wins
  for (const auto* log : {&mesh.outbound, &mesh.inbound})
    for (const auto& line : *log)
      for (const auto& flag : line.flag_list()) ++out.response_flags[flag];
  for (const auto& line : mesh.outbound) {
    if (line.local_reply()) {
      out.reply_lines.push_back(line);
      continue;
    }
    if (line.details != "via_upstream") continue;
    const auto inbound = last_inbound.find(line.request_id);
    if (inbound != last_inbound.end() && inbound->second->local_reply()) out.reply_lines.push_back(*inbound->second);
  }
  out.replies = out.reply_lines.size();
  std::unordered_map<std::string, int> seen;
  for (const auto& line : mesh.inbound)
    if (seen[line.request_id]++ > 0) out.outbound_retry_lines.push_back(line);
  return out;
}

}  // namespace rwchaos::harness
