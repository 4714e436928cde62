#pragma once
// How bad a verdict is, to tell whether a scenario got worse between two runs.
#include <string_view>

namespace rwchaos::harness {

// pass and not_taken 0 (a MAY rule the client does not follow is not a failure), fail 1, error 2
// (the run no longer says anything about the rule). Any other word (report.json reading refuses
// them) counts as error.
int verdict_badness(std::string_view verdict);

}  // namespace rwchaos::harness
