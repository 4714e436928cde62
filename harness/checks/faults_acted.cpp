#include "harness/checks/faults_acted.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "harness/checks/evaluate.hpp"

namespace rwchaos::harness {
namespace {

std::string flow(const YAML::Node& node) {
  YAML::Emitter out;
  out.SetSeqFormat(YAML::Flow);
  out.SetMapFormat(YAML::Flow);
  out << node;
  return out.c_str();
}

// The first `count` entries of a faults flow sequence (all when count is npos).
void add_entries(std::vector<FaultEntry>& into, const std::string& where, const std::string& faults_yaml,
                 std::size_t count = std::string::npos) {
  const YAML::Node entries = YAML::Load(faults_yaml);
  for (std::size_t i = 0; i < entries.size() && i < count; ++i)
    into.push_back({where, entries[i]["action"].as<std::string>(""), flow(entries[i])});
}

}  // namespace

std::vector<FaultEntry> listed_faults(const Scenario& scenario) {
  std::vector<FaultEntry> entries;
  for (std::size_t i = 0; i < scenario.phases.size(); ++i)
    add_entries(entries, fmt::format("phase {}", i + 1), scenario.phases[i].faults_yaml, scenario.phases[i].fault_count);
  add_entries(entries, "upstream", scenario.upstream_faults_yaml);
  return entries;
}

std::vector<FaultEntry> never_acted(const Scenario& scenario, const Observations& observations) {
  std::vector<FaultEntry> idle;
  for (auto& entry : listed_faults(scenario))
    if (acted(observations, entry.action) == 0) idle.push_back(std::move(entry));
  return idle;
}

bool allows_no_faults(const Scenario& scenario) {
  const auto bound = scenario.expect.find("faults_injected");
  return bound != scenario.expect.end() && within(bound->second, 0);
}

std::string nothing_injected(const std::vector<FaultEntry>& entries) {
  std::string text = "nothing was injected: ";
  for (std::size_t i = 0; i < entries.size(); ++i)
    text += fmt::format("{}{}: {}", i ? "; " : "", entries[i].where, entries[i].text);
  return text + " never acted (say `faults_injected: 0` in expect if that is intended)";
}

}  // namespace rwchaos::harness
