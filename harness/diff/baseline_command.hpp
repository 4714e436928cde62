#pragma once
// `rwchaos baseline RESULTS BASELINE`: a results folder's report.json files, copied at the same
// relative paths into the folder a config repo commits (docs/ci.md), for `rwchaos diff BASELINE NEW`.
#include <string>

namespace rwchaos::harness {

// The report.json files already below BASELINE are replaced (other files there are kept); each copy
// drops client.binary, a path on the machine that ran it. Exit 0, or 2 when RESULTS is not a
// readable results folder (read_results_side) or BASELINE cannot be written.
int baseline_command(const std::string& results, const std::string& baseline);

}  // namespace rwchaos::harness
