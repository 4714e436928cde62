#pragma once
// `rwchaos run --jobs N`: run up to N scenarios at once on worker threads. Each scenario owns its
// environment (own ports, children, results sub-folder), so they share nothing but stdout.
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "harness/reports/run_report.hpp"

namespace rwchaos::harness {

// Calls run_one(0..count-1), at most `jobs` at a time, in index order of start. Once stop() is
// true no further index starts; running ones finish (run_one itself watches for interrupts).
// Result i is empty when index i never started. A thread stays alive until its run_one returns:
// children die with the thread that forked them (PR_SET_PDEATHSIG, harness/process/child_process.cpp).
std::vector<std::optional<RunReport>> run_in_parallel(std::size_t count, unsigned jobs,
                                                      const std::function<RunReport(std::size_t)>& run_one,
                                                      const std::function<bool()>& stop);

}  // namespace rwchaos::harness
