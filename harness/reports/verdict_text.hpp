#pragma once
// A run's verdict and counts as people read them, the same in every report (console, summary.md,
// matrix, timeline, report.html): which client, what verdict, which checks decided it, and "—" for
// a count that was not measured.
#include <string>
#include <string_view>
#include <vector>

#include "harness/reports/run_report.hpp"

namespace rwchaos::harness {

inline constexpr std::string_view not_measured = "—";

// "PASS", "FAIL", "ERROR", "NOT TAKEN": any verdict, upper case, '_' as a space.
std::string verdict_label(const std::string& verdict);
// "1.79.5" out of the version the program printed: its first x.y.z, else the text (shortened).
std::string client_release(const ReportClient& client);
// "vmalert 1.79.5": the client's label (run_report.hpp) and the release in the version the program
// printed; the label alone when the version is unknown.
std::string client_title(const ReportClient& client);
// "uc503-after-commit · vmalert v1.79.5 · PASS"
std::string run_title(const RunReport& report);
// What decided the verdict, one item each: the rule and its level, then every check as
// "lost 0 (expected 0) ✓"; for an error, the error's first line and that nothing was measured.
std::vector<std::string> decided_by(const RunReport& report);
// A count's value as text (a list as "[500, 1000]"), or "—" when the run measured nothing.
std::string count_text(const RunReport& report, std::string_view count);

}  // namespace rwchaos::harness
