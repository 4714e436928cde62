#include "harness/checks/observations.hpp"

namespace rwchaos::harness {

std::uint64_t refused_connections(const nlohmann::json& upstream_stats) {
  const auto faults = upstream_stats.find("faults_injected");
  if (faults == upstream_stats.end() || !faults->is_object()) return 0;
  const auto refuse = faults->find("refuse");
  return refuse != faults->end() && refuse->is_number_unsigned() ? refuse->get<std::uint64_t>() : 0;
}

void add_upstream_stats(Observations& observations, const nlohmann::json& upstream_stats) {
  observations.refused_connections = refused_connections(upstream_stats);
}

}  // namespace rwchaos::harness
