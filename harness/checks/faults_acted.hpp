#pragma once
// A fault that never acts tests nothing: the scenario's fault entries whose action the upstream
// never applied (its /stats `faults_injected`, which counts connection faults such as idle_close and
// refuse too). Per action: two entries of one action act as one count.
#include <string>
#include <vector>

#include "harness/checks/observations.hpp"
#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

struct FaultEntry {
  std::string where;   // "phase 2", or "upstream" for entries that hold in every phase
  std::string action;
  std::string text;    // the entry as the upstream got it, in flow YAML
};

// Every fault entry of the scenario: each phase's own, then the upstream's.
std::vector<FaultEntry> listed_faults(const Scenario& scenario);
// Those whose action never acted during the run.
std::vector<FaultEntry> never_acted(const Scenario& scenario, const Observations& observations);
// The scenario says no fault acting is intended: its expect bounds faults_injected, and 0 is in bounds.
bool allows_no_faults(const Scenario& scenario);
// "nothing was injected: phase 2: {action: respond, ...}; upstream: {action: idle_close, after: 2s}"
std::string nothing_injected(const std::vector<FaultEntry>& entries);

}  // namespace rwchaos::harness
