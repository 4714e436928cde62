#include "harness/scenario/scenario_plan.hpp"

namespace rwchaos::harness {
namespace {

std::string plan(std::uint64_t seed, const std::string& faults_yaml) {
  return "seed: " + std::to_string(seed) + "\nfaults: " + faults_yaml + "\n";
}

}  // namespace

std::string phase_plan_yaml(const Scenario& scenario, const Phase& phase) { return plan(scenario.seed, phase.faults_yaml); }

std::string settle_plan_yaml(const Scenario& scenario) { return plan(scenario.seed, scenario.upstream_faults_yaml); }

}  // namespace rwchaos::harness
