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
// "results/<stamp>-<name>": the default folder's name, before it is claimed.
std::filesystem::path default_results_path(const std::string& run_name, std::chrono::system_clock::time_point now);
// Creates `wanted` if no one has it yet, else the first free "<wanted>-2", "-3", ... (mkdir is
// atomic, so two runs started in the same second never share a folder). Returns the folder made,
// as an absolute path.
// Throws std::filesystem::filesystem_error when none can be created.
std::filesystem::path claim_results_folder(const std::filesystem::path& wanted);
// --results DIR as given (the user chose it, sharing included); else a claimed default folder (the
// unclaimed name when results/ cannot be written: the run then reports that). Absolute either way:
// children run with the run folder as working directory, where a relative path would miss.
std::filesystem::path results_root(const std::string& results_option, const std::string& run_name,
                                   std::chrono::system_clock::time_point now);

}  // namespace rwchaos::harness
