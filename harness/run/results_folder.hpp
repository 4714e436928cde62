#pragma once
// Where a run's results go: --results DIR, else results/<UTC timestamp>-<name>/. One layout
// whatever the number of scenarios (docs/interpreting-results.md): DIR/<scenario>/ per scenario
// (report.json, timeline.svg, ledger.jsonl, logs/, ...) and the run's summary.md, junit.xml and
// report.html in DIR.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

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
// The scenarios' folders below `root`, in order: root/<name> for each, whether one or many. Names
// are unique within a run (load_scenario_paths refuses a repeated one).
std::vector<std::filesystem::path> scenario_folders(const std::filesystem::path& root,
                                                    const std::vector<std::string>& names);
// --results DIR as given (the user chose it, sharing included); else a claimed default folder (the
// unclaimed name when results/ cannot be written: the run then reports that). Absolute either way:
// children run with the run folder as working directory, where a relative path would miss.
std::filesystem::path results_root(const std::string& results_option, const std::string& run_name,
                                   std::chrono::system_clock::time_point now);

}  // namespace rwchaos::harness
