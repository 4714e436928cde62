#include "harness/checks/mesh_accounting.hpp"

#include <unordered_map>

namespace rwchaos::harness {

MeshCounts mesh_counts(const MeshObservations& mesh) {
  MeshCounts out;
  // File order: the last attempt of an id wins; an id seen before is the outbound retrying it.
  std::unordered_map<std::string, const AccessLogLine*> last_inbound;
  for (const auto& line : mesh.inbound) {
    const auto [at, first] = last_inbound.insert_or_assign(line.request_id, &line);
    if (!first) out.outbound_retry_lines.push_back(line);
  }
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
  return out;
}

}  // namespace rwchaos::harness
