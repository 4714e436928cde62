#pragma once
// GitHub Actions' job summary: a step's Markdown appended to the file GITHUB_STEP_SUMMARY names
// (docs/ci.md). `rwchaos run` and `rwchaos diff` write their tables there when it is set.
#include <string>

namespace rwchaos::harness {

// Appends `markdown` (and a blank line) to $GITHUB_STEP_SUMMARY when it is set and not empty.
// Returns "" when written or not asked for; else why not, naming the file. Never throws: the job's
// summary is a courtesy, the exit code is the gate.
std::string append_step_summary(const std::string& markdown);

}  // namespace rwchaos::harness
