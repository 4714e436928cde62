#pragma once
// Where a run's results go: --results DIR, else results/<UTC timestamp>-<name>/. One scenario
// writes straight into the folder; several get one sub-folder each (named by scenario) plus the
// suite's summary.md and junit.xml at the top.
#include <chrono>
#include <filesystem>
#include <string>

namespace rwchaos::harness {

// "20261123T120000Z"
std::string utc_stamp(std::chrono::system_clock::time_point time);
// A name safe as one path component: letters, digits, '-', '_', '.'; others become '-'.
std::string path_safe(const std::string& name);
std::filesystem::path results_root(const std::string& results_option, const std::string& run_name,
                                   std::chrono::system_clock::time_point now);

}  // namespace rwchaos::harness
