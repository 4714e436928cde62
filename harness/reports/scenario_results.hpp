#pragma once
// What report.html shows of one scenario, read from its results folder (DIR/<scenario>/): the
// report, the timeline.svg drawn at run time, and the requests of ledger.jsonl.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "faults/ledger/record.hpp"
#include "harness/reports/run_report.hpp"

namespace rwchaos::harness {

struct ScenarioResults {
  RunReport report;
  std::string folder;        // the scenario folder relative to the page's, ending in '/'
  std::string timeline_svg;  // "" when the folder has none
  std::vector<faults::LedgerRecord> ledger;
  std::size_t unreadable_ledger_lines = 0;  // e.g. a last line cut short by a crash
};

// `report` as the runner holds it; the rest from `dir`. `page_dir` is where report.html goes.
ScenarioResults read_scenario_results(const RunReport& report, const std::filesystem::path& dir,
                                      const std::filesystem::path& page_dir);
// The report too from dir/report.json (throws std::runtime_error naming it when unreadable).
ScenarioResults read_scenario_results(const std::filesystem::path& dir, const std::filesystem::path& page_dir);

}  // namespace rwchaos::harness
