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
#include "harness/reports/progress_line.hpp"
#include "harness/reports/report_json.hpp"
#include "harness/reports/summary_table.hpp"
#include "harness/reports/timeline_svg.hpp"
#include "harness/run/interrupt.hpp"
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

void update_progress(ProgressDisplay& progress, Environment& env, const Scenario& scenario, std::size_t phase,
                     Clock::time_point start) {
  const nlohmann::json stats = env.upstream_stats();
  ProgressState state;
  state.scenario = scenario.name;
  state.phase = phase;
  state.phases = scenario.phases.size();
  state.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
  state.total_s = std::chrono::duration<double>(scenario.duration).count();
  state.requests = stats.value("requests", std::uint64_t{0});
  if (stats.contains("faults_injected") && stats["faults_injected"].is_object())
    for (const auto& [name, count] : stats["faults_injected"].items()) state.faults += count.get<std::uint64_t>();
  progress.update(state);
}

// Installs each phase's plan at its time until `duration`; stops early on a broken environment.
void run_phases(Environment& env, const Scenario& scenario, Timeline& timeline, ProgressDisplay& progress) {
  const auto start = Clock::now();
  timeline.start_unix_ms = unix_ms_now();
  timeline.marks.push_back({0, "phase 1"});
  std::size_t next = 1;
  bool series_stopped = false;
  auto last_progress = Clock::time_point{};
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
    if (Clock::now() - last_progress >= 500ms) {
      update_progress(progress, env, scenario, next, start);
      last_progress = Clock::now();
    }
    std::this_thread::sleep_for(50ms);
  }
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
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
  const auto& ledger = observations.ledger;
  write_report_json(report, (dir / "report.json").string());
  write_text(dir / report.artefacts.junit, render_junit({report}, report.scenario));
  write_text(dir / report.artefacts.summary, render_summary_markdown({report}));
  TimelineInput input;
  input.title = report.scenario;
  input.start_unix_ms = timeline.start_unix_ms;
  input.ledger = ledger;
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
  std::ostream discard(nullptr);  // no buffer: writes are dropped
  ProgressDisplay progress(live_progress ? std::cout : discard, live_progress && stdout_is_tty());
  std::unique_ptr<Environment> env;
  // When the run cannot finish, still collect what there is: the ledger explains most errors.
  auto collect_partial = [&] {
    if (!env) return;
    try {
      env->stop_client();
      observations = env->collect();
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
    const bool drained = env->drain(scenario.settle, [] { return interrupted(); });
    report.drained = drained;
    throw_if_interrupted();
    if (const std::string why = env->failure(); !why.empty()) throw EnvironmentError("while settling: " + why);
    progress.finish();
    if (!drained)
      std::cout << fmt::format("{}: the client had not delivered everything after settle {} ms\n", scenario.name,
                               scenario.settle.count());
    env->read_client_metrics();
    env->stop_client();
    observations = env->collect();
    report.counts = compute_counts(observations);
    report.checks = evaluate(scenario.expect, report.counts);
    if (!scenario.not_taken.empty()) report.not_taken = evaluate(scenario.not_taken, report.counts);
    report.verdict = verdict_of(report.checks, report.not_taken);
    if (auto why = no_request_error(scenario, *env, observations)) {
      report.verdict = "error";
      report.error = *why;
    } else if (const auto idle = never_acted(scenario, observations); !idle.empty() && !allows_no_faults(scenario)) {
      // A fault that never acted tested nothing: whatever the checks say, nothing was judged.
      report.verdict = "error";
      report.error = nothing_injected(idle);
    }
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
