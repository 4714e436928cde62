#pragma once
// junit.xml: one <testsuite> per run, one <testcase> per scenario; <failure> lists the failed checks
// with expected and observed, <error> says why a scenario could not be judged.
#include <string>
#include <vector>

#include "harness/reports/run_report.hpp"

namespace rwchaos::harness {

std::string render_junit(const std::vector<RunReport>& reports, const std::string& suite_name);

}  // namespace rwchaos::harness
