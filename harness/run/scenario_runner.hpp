#pragma once
// Runs one scenario end to end in an environment and writes its artefacts into `dir`:
// start everything, run the phases at their times, settle, stop the client, collect, check, report.
#include <filesystem>
#include <string>

#include "harness/reports/run_report.hpp"
#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

// Never throws for environment trouble: that becomes verdict `error` with the reason. Writes
// report.json, junit.xml, summary.md, timeline.svg and logs/ into dir. live_progress false: no
// progress line (scenarios running side by side would interleave theirs).
RunReport run_scenario(const Scenario& scenario, const std::filesystem::path& dir, const std::string& env_kind,
                       bool live_progress = true);

}  // namespace rwchaos::harness
