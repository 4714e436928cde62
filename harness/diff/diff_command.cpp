#include "harness/diff/diff_command.hpp"

#include <fstream>
#include <iostream>
#include <stdexcept>

#include "harness/common/exit_codes.hpp"
#include "harness/diff/diff_markdown.hpp"
#include "harness/diff/judge_change.hpp"
#include "harness/reports/step_summary.hpp"

namespace rwchaos::harness {

int diff_command(const DiffOptions& options) {
  std::string markdown;
  bool regressed = false;
  try {
    const ResultsSide base = read_results_side(options.base);
    const ResultsSide next = read_results_side(options.next);
    std::vector<ScenarioChange> changes;
    for (const auto& pair : match_reports(base, next)) {
      changes.push_back(judge_change(pair));
      regressed = regressed || changes.back().regressed();
    }
    markdown = render_diff_markdown(base, next, changes);
    if (!options.output_file.empty()) {
      std::ofstream out(options.output_file, std::ios::binary | std::ios::trunc);
      if (!(out << markdown) || !out.flush()) throw std::runtime_error(options.output_file + ": cannot write");
    }
  } catch (const std::exception& error) {
    std::cerr << "rwchaos diff: " << error.what() << "\n";
    return exit_bad_input;
  }
  std::cout << markdown << std::flush;
  if (const std::string problem = append_step_summary(markdown); !problem.empty())
    std::cerr << "rwchaos diff: warning: " << problem << "\n";
  return regressed ? exit_check_failed : exit_pass;
}

}  // namespace rwchaos::harness
