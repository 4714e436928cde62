// `rwchaos run`: load, apply overrides, run each scenario (up to --jobs at once), write the suite's
// table, exit 0/1/2.
#include "harness/run/run_command.hpp"

#include <fstream>
#include <iostream>
#include <mutex>

#include <fmt/format.h>

#include "harness/common/exit_codes.hpp"
#include "harness/reports/junit_xml.hpp"
#include "harness/reports/report_html.hpp"
#include "harness/reports/scenario_results.hpp"
#include "harness/reports/step_summary.hpp"
#include "harness/reports/summary_table.hpp"
#include "harness/run/interrupt.hpp"
#include "harness/run/parallel_runs.hpp"
#include "harness/run/results_folder.hpp"
#include "harness/run/scenario_runner.hpp"
#include "harness/scenario/scenario_loader.hpp"
#include "harness/scenario/scenario_overrides.hpp"

namespace rwchaos::harness {

namespace fs = std::filesystem;

namespace {

std::string run_name(const RunOptions& options, const std::vector<Scenario>& scenarios) {
  if (scenarios.size() == 1) return scenarios[0].name;
  if (options.paths.size() == 1) {
    const fs::path path = fs::path(options.paths[0]).lexically_normal();
    const std::string base = path.filename().empty() ? path.parent_path().filename().string() : path.filename().string();
    if (!base.empty()) return base;
  }
  return "run";
}

std::string start_line(const Scenario& scenario, const fs::path& dir) {
  return fmt::format("▶ {} ({}, {} s + settle) → {}\n", scenario.name, scenario.client.kind,
                     scenario.duration.count() / 1000.0, dir.string());
}

// With several scenarios running, a finish line also says how long it took (start lines are apart).
std::string finish_line(const RunReport& report, bool with_duration) {
  return fmt::format("  {}: {}{}{}\n", report.scenario, report.verdict,
                     with_duration ? fmt::format(" ({:.1f} s)", report.duration) : "",
                     report.error.empty() ? "" : " — " + report.error);
}

// The run's own files beside the scenario folders: summary.md, junit.xml and report.html. Returns
// report.html's path, or why it could not be written (the scenarios' own files are written already).
std::string write_run_artefacts(const fs::path& root, const std::string& name, const std::string& summary,
                                const std::vector<RunReport>& reports, const std::vector<fs::path>& dirs) {
  std::ofstream(root / "summary.md") << summary;
  std::ofstream(root / "junit.xml") << render_junit(reports, name);
  try {
    std::vector<ScenarioResults> pages;
    for (std::size_t i = 0; i < reports.size(); ++i) pages.push_back(read_scenario_results(reports[i], dirs[i], root));
    const fs::path page = root / "report.html";
    std::ofstream out(page);
    if (!(out << render_report_html(pages, name))) return "cannot write " + page.string();
    return page.string();
  } catch (const std::exception& error) {
    return std::string("report.html not written: ") + error.what();
  }
}

int exit_code_of(const std::vector<RunReport>& reports) {
  int code = exit_pass;
  for (const auto& report : reports) {
    if (report.verdict == "error") return exit_bad_input;
    if (!verdict_succeeds(report.verdict)) code = exit_check_failed;
  }
  return code;
}

}  // namespace

int run_command(const RunOptions& options) {
  // The kind environment deploys into one shared cluster with fixed service names.
  if (options.jobs > 1 && options.env == "kind") {
    std::cerr << "rwchaos run: --jobs > 1 needs --env local (kind scenarios share one cluster)\n";
    return exit_bad_input;
  }
  const ScenarioOverrides overrides{options.client, options.seed};
  if (const auto error = check_overrides(overrides)) {
    std::cerr << "rwchaos run: " << *error << "\n";
    return exit_bad_input;
  }
  LoadedScenarios loaded = load_scenario_paths(options.paths);
  if (!loaded.errors.empty()) {
    for (const auto& errors : loaded.errors)
      for (const auto& line : errors.lines()) std::cerr << line << "\n";
    return exit_bad_input;
  }
  if (loaded.scenarios.empty()) {
    std::cerr << "rwchaos run: no scenarios in " << fmt::format("{}", fmt::join(options.paths, " ")) << "\n";
    return exit_bad_input;
  }
  if (!loaded.manifests.empty() && options.env == "local")
    std::cerr << fmt::format("note: {} Kubernetes/Istio manifest(s) skipped; they apply with --env kind\n",
                             loaded.manifests.size());
  for (auto& scenario : loaded.scenarios) {
    if (const auto error = apply_overrides(scenario, overrides)) {
      std::cerr << "rwchaos run: " << *error << "\n";
      return exit_bad_input;
    }
  }

  install_interrupt_handlers();
  const auto& scenarios = loaded.scenarios;
  const fs::path root = results_root(options.results_dir, run_name(options, scenarios), std::chrono::system_clock::now());
  std::vector<std::string> names;
  for (const auto& scenario : scenarios) names.push_back(scenario.name);
  const std::vector<fs::path> dirs = scenario_folders(root, names);
  std::vector<RunReport> reports;
  std::vector<fs::path> report_dirs;  // beside `reports`
  if (options.jobs <= 1) {
    for (std::size_t i = 0; i < scenarios.size() && !interrupted(); ++i) {
      std::cout << start_line(scenarios[i], dirs[i]) << std::flush;
      reports.push_back(run_scenario(scenarios[i], dirs[i], options.env));
      report_dirs.push_back(dirs[i]);
      std::cout << finish_line(reports.back(), false) << std::flush;
    }
  } else {
    // One whole line per write under a lock: lines of concurrent scenarios never mix.
    std::mutex output;
    auto run_one = [&](std::size_t index) {
      {
        std::lock_guard lock(output);
        std::cout << start_line(scenarios[index], dirs[index]) << std::flush;
      }
      RunReport report = run_scenario(scenarios[index], dirs[index], options.env, /*live_progress=*/false);
      std::lock_guard lock(output);
      std::cout << finish_line(report, true) << std::flush;
      return report;
    };
    // The summary keeps the suite's order whatever order the scenarios finished in.
    auto results = run_in_parallel(scenarios.size(), options.jobs, run_one, [] { return interrupted(); });
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (!results[i]) continue;
      reports.push_back(std::move(*results[i]));
      report_dirs.push_back(dirs[i]);
    }
  }
  const std::string summary = render_summary_markdown(reports);
  const std::string page = write_run_artefacts(root, run_name(options, scenarios), summary, reports, report_dirs);
  if (const std::string problem = append_step_summary(summary); !problem.empty())
    std::cerr << "rwchaos run: warning: " << problem << "\n";
  std::cout << "\n" << render_console_table(reports) << "\nreport: " << page << "\nresults: " << root.string() << "\n";
  if (interrupted()) {
    std::cerr << fmt::format("rwchaos run: interrupted by signal {}\n", interrupt_signal());
    return exit_bad_input;
  }
  return exit_code_of(reports);
}

}  // namespace rwchaos::harness
