#include "harness/run/scenario_runner.hpp"

#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "harness/checks/compute_counts.hpp"
#include "harness/checks/evaluate.hpp"
#include "harness/checks/faults_acted.hpp"
#include "harness/checks/mesh_accounting.hpp"
#include "harness/clients/client_log.hpp"
#include "harness/clients/client_registry.hpp"
#include "harness/env/environment.hpp"
#include "harness/reports/junit_xml.hpp"
#include "harness/reports/report_json.hpp"
#include "harness/reports/summary_table.hpp"
#include "harness/reports/timeline_svg.hpp"
#include "harness/reports/verdict_text.hpp"
#include "harness/run/interrupt.hpp"
#include "harness/run/live_progress.hpp"
#include "harness/scenario/scenario_plan.hpp"

namespace rwchaos::harness {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct Interrupted {
  int signal;
};

struct Timeline {
  double start_unix_ms = 0;
  double end_unix_ms = 0;  // when the observations were collected
  std::vector<TimelineMark> marks;
};

double unix_ms_now() {
  return std::chrono::duration<double, std::milli>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void throw_if_interrupted() {
  if (interrupted()) throw Interrupted{interrupt_signal()};
}

void fill_client(RunReport& report, const Scenario& scenario) {
  report.client.kind = scenario.client.kind;
  report.client.misbehave = scenario.client.misbehave;
  const ClientAdapter* adapter = find_client_adapter(scenario.client.kind);
  if (!adapter) return;
  const ProgramLocation location = resolve_client_binary(*adapter, scenario.client);
  if (scenario.client.kind == "command") {
    report.client.binary = scenario.client.argv.empty() ? "" : scenario.client.argv[0];
    return;
  }
  if (!location.found()) return;
  report.client.binary = location.path.string();
  report.client.version = location.version.empty() ? program_version(adapter->binary_name, location.path)
                                                    : location.version;
}

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// Installs each phase's plan at its time until `duration`; stops early on a broken environment.
void run_phases(Environment& env, const Scenario& scenario, Timeline& timeline, LiveProgress& progress) {
  const auto start = Clock::now();
  timeline.start_unix_ms = unix_ms_now();
  timeline.marks.push_back({0, "phase 1"});
  std::size_t next = 1;
  const double duration_s = std::chrono::duration<double>(scenario.duration).count();
  bool series_stopped = false;
  while (Clock::now() - start < scenario.duration) {
    throw_if_interrupted();
    const auto elapsed = std::chrono::duration_cast<Duration>(Clock::now() - start);
    if (!series_stopped && scenario.generator.stopping_series.count() > 0 && elapsed >= scenario.generator.stopping_series) {
      env.stop_series();
      timeline.marks.push_back({static_cast<double>(elapsed.count()), "series stops"});
      series_stopped = true;
    }
    while (next < scenario.phases.size() && scenario.phases[next].at <= elapsed) {
      env.set_plan(phase_plan_yaml(scenario, scenario.phases[next]));
      timeline.marks.push_back({static_cast<double>(elapsed.count()), fmt::format("phase {}", next + 1)});
      ++next;
    }
    if (const std::string why = env.failure(); !why.empty()) throw EnvironmentError("during the run: " + why);
    progress.show(env, fmt::format("phase {}/{}", next, scenario.phases.size()), seconds_between(start, Clock::now()),
                  duration_s);
    std::this_thread::sleep_for(50ms);
  }
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// The upstream writes ledger.jsonl itself where it runs as a child; elsewhere (kind) the runner
// writes what it collected, so every scenario folder has one.
void write_ledger_if_missing(const fs::path& file, const std::vector<faults::LedgerRecord>& ledger) {
  if (fs::exists(file)) return;
  std::string lines;
  for (const auto& record : ledger) lines += nlohmann::json(record).dump() + "\n";
  write_text(file, lines);
}

// The sidecars' own replies and the outbound's retries, as timeline marks.
std::vector<TimelineMark> mesh_marks(const MeshObservations& mesh, double start_unix_ms) {
  std::vector<TimelineMark> marks;
  if (!mesh.present) return marks;
  const MeshCounts counts = mesh_counts(mesh);
  for (const auto& line : counts.reply_lines)
    marks.push_back({static_cast<double>(line.start_unix_ms) - start_unix_ms,
                     fmt::format("sidecar reply {} {} {} ({})", line.code, line.flags, line.details, line.request_id)});
  for (const auto& line : counts.outbound_retry_lines)
    marks.push_back({static_cast<double>(line.start_unix_ms) - start_unix_ms,
                     fmt::format("outbound sidecar retry ({})", line.request_id)});
  return marks;
}

void write_artefacts(const RunReport& report, const fs::path& dir, const Timeline& timeline,
                     const Observations& observations) {
  write_report_json(report, (dir / "report.json").string());
  write_text(dir / report.artefacts.junit, render_junit({report}, report.scenario));
  write_text(dir / report.artefacts.summary, render_summary_markdown({report}));
  write_ledger_if_missing(dir / "ledger.jsonl", observations.ledger);
  TimelineInput input;
  input.title = run_title(report);
  input.heading = decided_by(report);
  input.start_unix_ms = timeline.start_unix_ms;
  input.end_unix_ms = timeline.end_unix_ms;
  input.ledger = observations.ledger;
  input.connection_faults = observations.connection_faults;
  input.phases = timeline.marks;
  input.mesh = mesh_marks(observations.mesh, timeline.start_unix_ms);
  write_text(dir / report.artefacts.timeline, render_timeline_svg(input));
}

// A client that sent no request at all (none in the ledger, no connection refused) never met the
// rule under test: the run is an error, named by the client's own first error log line.
std::optional<std::string> no_request_error(const Scenario& scenario, const Environment& env,
                                            const Observations& observations) {
  if (!observations.ledger.empty() || acted(observations, "refuse") > 0) return std::nullopt;
  const ClientAdapter* adapter = find_client_adapter(scenario.client.kind);
  const std::string log_name = scenario.client.kind + ".log";
  for (const fs::path& log : env.log_files()) {
    if (log.filename() != log_name || !adapter) continue;
    const std::string line = first_error_line(*adapter, log);
    if (line.empty()) return fmt::format("the client sent no request; its log logs/{} has no error line", log_name);
    return fmt::format("the client sent no request; first error line of logs/{}: {}", log_name, line);
  }
  return std::string("the client sent no request (no client log to explain it)");
}

}  // namespace

RunReport run_scenario(const Scenario& scenario, const fs::path& dir, const std::string& env_kind,
                       bool live_progress) {
  fs::create_directories(dir / "logs");
  RunReport report;
  report.scenario = scenario.name;
  report.file = scenario.file;
  report.seed = scenario.seed;
  report.rule = scenario.rule;
  report.hop = hop_json(scenario.hop);
  report.warnings = scenario.hop.warnings;
  fill_client(report, scenario);
  const auto started = std::chrono::system_clock::now();
  report.started = iso8601_utc(started);

  Timeline timeline;
  Observations observations;
  LiveProgress progress(std::cout, stdout_is_tty(), live_progress, scenario.name);
  std::unique_ptr<Environment> env;
  // When the run cannot finish, still collect what there is: the ledger explains most errors. The
  // counts stay unmeasured (report.measured false): the run never reached its checks.
  auto collect_partial = [&] {
    if (!env) return;
    try {
      env->stop_client();
      observations = env->collect();
      timeline.end_unix_ms = unix_ms_now();
      report.counts = compute_counts(observations);
    } catch (const std::exception&) {
    }
  };
  try {
    if (scenario.phases.empty()) throw EnvironmentError(scenario.file + ": no phases");
    env = make_environment(env_kind);
    env->start(scenario, dir, phase_plan_yaml(scenario, scenario.phases[0]));
    throw_if_interrupted();
    run_phases(*env, scenario, timeline, progress);
    timeline.marks.push_back({unix_ms_now() - timeline.start_unix_ms, "settle"});
    env->set_plan(settle_plan_yaml(scenario));
    const auto settle_start = Clock::now();
    const double settle_s = std::chrono::duration<double>(scenario.settle).count();
    const bool drained = env->drain(scenario.settle, [&] {
      progress.show(*env, "settle", seconds_between(settle_start, Clock::now()), settle_s);
      return interrupted();
    });
    report.drained = drained;
    throw_if_interrupted();
    if (const std::string why = env->failure(); !why.empty()) throw EnvironmentError("while settling: " + why);
    env->read_client_metrics();
    env->stop_client();
    observations = env->collect();
    timeline.end_unix_ms = unix_ms_now();
    report.counts = compute_counts(observations);
    report.measured = true;
    report.checks = evaluate(scenario.expect, report.counts);
    if (!scenario.not_taken.empty()) report.not_taken = evaluate(scenario.not_taken, report.counts);
    report.verdict = verdict_of(report.checks, report.not_taken);
    // The counts were measured (all zero: that is what explains the error), the checks meant nothing.
    if (auto why = no_request_error(scenario, *env, observations)) {
      report.verdict = "error";
      report.error = *why;
    } else if (const auto idle = never_acted(scenario, observations); !idle.empty() && !allows_no_faults(scenario)) {
      // A fault that never acted tested nothing: whatever the checks say, nothing was judged.
      report.verdict = "error";
      report.error = nothing_injected(idle);
    }
    progress.show_final(report.counts);
    progress.finish();
    if (!drained)
      std::cout << fmt::format("{}: the client had not delivered everything after settle {} ms\n", scenario.name,
                               scenario.settle.count());
  } catch (const Interrupted& signal) {
    progress.finish();
    report.verdict = "error";
    report.error = fmt::format("interrupted by signal {}; partial results", signal.signal);
    collect_partial();
  } catch (const std::exception& error) {
    progress.finish();
    report.verdict = "error";
    report.error = error.what();
    collect_partial();
  }
  if (env) env->stop_all();
  const auto finished = std::chrono::system_clock::now();
  report.finished = iso8601_utc(finished);
  report.duration = std::chrono::duration<double>(finished - started).count();
  try {
    write_artefacts(report, dir, timeline, observations);
  } catch (const std::exception& error) {
    std::cerr << "rwchaos: " << error.what() << "\n";
    if (report.verdict != "error") {
      report.verdict = "error";
      report.error = error.what();
    }
  }
  return report;
}

}  // namespace rwchaos::harness
