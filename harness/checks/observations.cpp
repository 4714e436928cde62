#include "harness/checks/observations.hpp"

namespace rwchaos::harness {

std::map<std::string, std::uint64_t> faults_by_action(const nlohmann::json& upstream_stats) {
  std::map<std::string, std::uint64_t> counts;
  const auto faults = upstream_stats.find("faults_injected");
  if (faults == upstream_stats.end() || !faults->is_object()) return counts;
  for (const auto& [action, count] : faults->items())
    if (count.is_number_unsigned()) counts[action] = count.get<std::uint64_t>();
  return counts;
}

std::uint64_t acted(const Observations& observations, const std::string& action) {
  const auto found = observations.faults_by_action.find(action);
  return found == observations.faults_by_action.end() ? 0 : found->second;
}

void add_upstream_stats(Observations& observations, const nlohmann::json& upstream_stats) {
  observations.faults_by_action = faults_by_action(upstream_stats);
}

}  // namespace rwchaos::harness
