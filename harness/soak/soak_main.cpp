// rwchaos_soak: the fault upstream under abuse while a real client writes through it (issue 5,
// "The upstream under abuse"). Not a default test: scripts/soak [seconds] builds and runs it.
//
// While vmagent scrapes the harness' generator and writes through the upstream (no faults) into
// victoria-metrics, from loopback: slowloris connections held open sending headers byte by byte,
// malformed requests of every kind, and a burst of idle connections past the connection cap.
// Pass: the upstream never dies, the run's own checks find every sample stored, the upstream's RSS
// stays under a bound, the control API keeps answering fast, and the caps and the header timeout
// are seen enforced. Exit 0 pass, 1 a check failed, 2 environment error.
#include <signal.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <future>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "faults/engine/connection.hpp"
#include "faults/upstream/upstream_main.hpp"
#include "harness/clients/binaries.hpp"
#include "harness/common/exit_codes.hpp"
#include "harness/process/http_client.hpp"
#include "harness/soak/cap_probe.hpp"
#include "harness/soak/malformed.hpp"
#include "harness/soak/slowloris.hpp"
#include "harness/soak/soak_target.hpp"
#include "harness/soak/upstream_watch.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using namespace rwchaos;
using namespace rwchaos::harness;
using namespace rwchaos::harness::soak;

namespace {

struct SoakOptions {
  int seconds = 60;
  int slowloris = 1000;
  std::uint64_t malformed = 10'000;
  int malformed_threads = 4;
  std::uint64_t rss_limit_mb = 512;
  double control_p99_limit_ms = 500;
  bool keep = false;
};

struct Check {
  std::string name;
  std::string observed;
  bool pass;
};

void print_malformed(const MalformedResult& result, const std::vector<MalformedKind>& kinds) {
  fmt::print("malformed requests: {} sent in {:.1f} s ({:.0f}/s), {} answered as expected, {} connect failures\n",
             result.sent, result.seconds, result.sent / std::max(result.seconds, 0.001), result.as_expected,
             result.connect_failures);
  for (const auto& kind : kinds) {
    const auto it = result.answers.find(kind.name);
    if (it == result.answers.end()) continue;
    std::string answers;
    for (const auto& [key, n] : it->second) answers += fmt::format(" {}:{}", key, n);
    fmt::print("  {:<26} expect {}  got{}\n", kind.name, kind.expected_status, answers);
  }
}

void print_slowloris(const SlowlorisResult& result) {
  std::vector<double> lifetimes = result.lifetimes_s;
  std::sort(lifetimes.begin(), lifetimes.end());
  auto at = [&](double p) {
    return lifetimes.empty() ? 0.0 : lifetimes[std::min(lifetimes.size() - 1, static_cast<std::size_t>(p * lifetimes.size()))];
  };
  std::string answers;
  for (const auto& [key, n] : result.answers) answers += fmt::format(" {}:{}", key, n);
  fmt::print("slowloris: {} connections opened ({} failed), {} held at once at peak, {} header bytes sent\n",
             result.opened, result.connect_failures, result.peak_open, result.bytes_sent);
  fmt::print("  closed by the upstream: {} (answers{}); lifetime s min {:.2f} p50 {:.2f} max {:.2f}; overdue {}\n",
             result.closed_by_upstream, answers, at(0), at(0.5), lifetimes.empty() ? 0.0 : lifetimes.back(),
             result.overdue);
}

void print_watch(const WatchResult& watch, std::uint64_t baseline_kb) {
  const std::uint64_t max_kb = watch.rss_kb.empty() ? 0 : *std::max_element(watch.rss_kb.begin(), watch.rss_kb.end());
  fmt::print("upstream RSS: before attack {:.1f} MiB, max {:.1f} MiB, 5 s after the attack {:.1f} MiB ({} samples)\n",
             baseline_kb / 1024.0, max_kb / 1024.0, watch.rss_kb.empty() ? 0.0 : watch.rss_kb.back() / 1024.0,
             watch.rss_kb.size());
  for (const auto& [path, latencies] : watch.control)
    fmt::print("control GET {:<8} n={} p50 {:.1f} ms p99 {:.1f} ms max {:.1f} ms failures {}\n", path,
               latencies.ms.size(), latencies.percentile(50), latencies.percentile(99), latencies.percentile(100),
               latencies.failures);
  fmt::print("open connections (GET /stats): max {}; rejected over the cap: {}\n", watch.max_open_connections,
             watch.rejected_connections);
}

struct Attack {
  SlowlorisResult slow;
  MalformedResult malformed;
  CapProbeResult cap;
  std::uint64_t open_before_cap = 0;
  WatchResult watched;
  std::uint64_t baseline_kb = 0;
  double seconds = 0;
  bool upstream_alive = false;
};

struct RunOutcome {
  int exit_code = -1;
  nlohmann::json report;  // null when missing
  ClientTraffic client;
  std::int64_t count(const char* key) const {
    if (!report.is_object() || !report.contains("counts")) return -1;
    return report["counts"].value(key, std::int64_t{-1});
  }
  std::string verdict() const { return report.is_object() ? report.value("verdict", "?") : "no report"; }
};

// Idle connections enough to go 200 past the cap, counting those open now (the slowloris ones).
CapProbeResult probe_past_cap(const SoakTarget& target, const HostPort& upstream, std::uint64_t cap,
                              std::uint64_t& open_now) {
  const HttpAnswer stats = http_get(target.control + "/stats", 5s);
  open_now = nlohmann::json::parse(stats.body, nullptr, false).value("open_connections", std::uint64_t{0});
  return probe_connection_cap(upstream, cap + 200 - std::min(open_now, cap));
}

// Slowloris for the whole window; meanwhile the malformed requests, then the cap probe.
Attack attack(const SoakTarget& target, const SoakOptions& options, const std::vector<MalformedKind>& kinds,
              const faults::UpstreamOptions& defaults, std::chrono::seconds window) {
  Attack result;
  const HostPort upstream = parse_host_port(target.listen);
  result.baseline_kb = rss_kb(target.upstream_pid);
  UpstreamWatch watch(target.upstream_pid, target.control, 200ms);
  const auto start = std::chrono::steady_clock::now();
  SlowlorisPlan plan;
  plan.connections = options.slowloris;
  plan.window = window;
  plan.header_timeout = std::chrono::milliseconds(static_cast<long>(defaults.header_timeout_s * 1000));
  // Each held connection is replaced once per header timeout: bound the total to that, plus slack.
  plan.max_total = static_cast<std::uint64_t>(options.slowloris) * static_cast<std::uint64_t>(window / plan.header_timeout + 2);
  auto slowloris = std::async(std::launch::async, [&] { return run_slowloris(upstream, plan); });
  result.malformed = send_malformed(upstream, kinds, options.malformed, options.malformed_threads, window);
  if (std::chrono::steady_clock::now() - start < window)
    result.cap = probe_past_cap(target, upstream, defaults.max_connections, result.open_before_cap);
  result.slow = slowloris.get();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.upstream_alive = rss_kb(target.upstream_pid) > 0;  // a zombie has no VmRSS line
  // Watch 5 s past the attack (memory given back?), not into the run's end: the runner stops the
  // upstream then, and a refused control call at shutdown is no unresponsiveness.
  std::this_thread::sleep_for(5s);
  result.watched = watch.finish();
  return result;
}

void print_numbers(const Attack& attack, const RunOutcome& run, const std::vector<MalformedKind>& kinds) {
  fmt::print("\n== soak numbers (attack {:.1f} s) ==\n", attack.seconds);
  print_slowloris(attack.slow);
  print_malformed(attack.malformed, kinds);
  fmt::print("cap probe: {} idle connections opened with {} open, {} reset at once, {} held ({} connect failures)\n",
             attack.cap.opened, attack.open_before_cap, attack.cap.reset_at_once, attack.cap.held,
             attack.cap.connect_failures);
  print_watch(attack.watched, attack.baseline_kb);
  fmt::print("client {}: {} requests, {} answered 2xx, longest gap between 2xx {:.1f} s\n", run.client.user_agent,
             run.client.requests, run.client.answered_2xx, run.client.longest_gap_s);
  fmt::print("run: exit {}, verdict {}, expected_samples {}, stored_samples {}, lost {}, duplicated {}, unexpected {}\n",
             run.exit_code, run.verdict(), run.count("expected_samples"), run.count("stored_samples"),
             run.count("lost"), run.count("duplicated"), run.count("unexpected"));
}

std::vector<Check> judge(const Attack& attack, const RunOutcome& run, const SoakOptions& options,
                         std::uint64_t max_connections) {
  const auto& rss = attack.watched.rss_kb;
  const std::uint64_t max_kb = rss.empty() ? 0 : *std::max_element(rss.begin(), rss.end());
  std::uint64_t control_failures = 0;
  double worst_p99 = 0;
  for (const auto& [path, latencies] : attack.watched.control) {
    control_failures += latencies.failures;
    worst_p99 = std::max(worst_p99, latencies.percentile(99));
  }
  std::uint64_t malformed_2xx = 0;
  for (const auto& [kind, answers] : attack.malformed.answers)
    for (const auto& [key, n] : answers)
      if (key.size() == 3 && key[0] == '2') malformed_2xx += n;
  const auto& slow = attack.slow;
  const auto& malformed = attack.malformed;
  const auto& client = run.client;
  return {
      {"upstream alive after the attack", attack.upstream_alive ? "alive" : "gone", attack.upstream_alive},
      {"run verdict pass (every expected sample stored)", run.verdict(),
       run.verdict() == "pass" && run.count("lost") == 0 && run.count("expected_samples") > 0},
      {"client kept getting 2xx (longest gap <= 5 s)",
       fmt::format("{} answered 2xx, longest gap {:.1f} s", client.answered_2xx, client.longest_gap_s),
       client.answered_2xx > 0 && client.longest_gap_s <= 5.0},
      {fmt::format("slowloris held >= {}", options.slowloris), std::to_string(slow.peak_open),
       slow.peak_open >= static_cast<std::uint64_t>(options.slowloris)},
      {"header timeout enforced (no slowloris outlived it by 3 s)", fmt::format("overdue {}", slow.overdue),
       slow.overdue == 0 && slow.answers.count("408") > 0},
      {fmt::format("malformed sent >= {}", options.malformed), std::to_string(malformed.sent),
       malformed.sent >= options.malformed},
      {"malformed answered with the expected status", fmt::format("{} of {}", malformed.as_expected, malformed.sent),
       malformed.as_expected == malformed.sent},
      {"no malformed request answered 2xx", std::to_string(malformed_2xx), malformed_2xx == 0},
      {"connection cap enforced",
       fmt::format("reset {}, max open {} <= {}", attack.cap.reset_at_once, attack.watched.max_open_connections,
                   max_connections),
       attack.cap.reset_at_once > 0 && attack.watched.max_open_connections <= max_connections},
      {fmt::format("upstream RSS <= {} MiB", options.rss_limit_mb), fmt::format("{:.1f} MiB", max_kb / 1024.0),
       max_kb > 0 && max_kb <= options.rss_limit_mb * 1024},
      {fmt::format("control API p99 <= {} ms, no failure", options.control_p99_limit_ms),
       fmt::format("p99 {:.1f} ms, {} failures", worst_p99, control_failures),
       control_failures == 0 && worst_p99 <= options.control_p99_limit_ms},
  };
}

bool print_checks(const std::vector<Check>& checks) {
  bool pass = true;
  fmt::print("\n== checks ==\n");
  for (const auto& check : checks) {
    fmt::print("{} {:<60} {}\n", check.pass ? "PASS" : "FAIL", check.name, check.observed);
    pass = pass && check.pass;
  }
  return pass;
}

int run_soak(const SoakOptions& options, const std::string& rwchaos_binary) {
  for (const char* program : {"vmagent", "victoria-metrics"}) {
    const ProgramLocation location = find_program(program);
    if (!location.found()) {
      std::cerr << "rwchaos_soak: " << location.error << "\n";
      return exit_bad_input;
    }
  }
  const faults::UpstreamOptions defaults;  // what the run's upstream gets (harness/env/upstream_process.cpp)
  std::string pattern = (fs::temp_directory_path() / "rwchaos-soak-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) return exit_bad_input;
  const fs::path work = pattern;
  fmt::print("soak: {} s run, work dir {}\n", options.seconds, work.string());
  fmt::print("upstream caps (defaults): body {} bytes, header section {} bytes, {} connections, header timeout {} s\n",
             defaults.max_body_bytes, faults::engine::ReadLimits{}.max_header_bytes, defaults.max_connections,
             defaults.header_timeout_s);
  SoakTarget target;
  try {
    target = start_target(rwchaos_binary, work, std::chrono::seconds(options.seconds));
  } catch (const std::exception& error) {
    std::cerr << "rwchaos_soak: " << error.what() << "\n";
    return exit_bad_input;
  }
  // Leave the run's last 10 s calm so the final scrapes are written before the settle.
  const auto window = std::chrono::seconds(std::max(10, options.seconds - 10));
  fmt::print("upstream pid {} listen {} control {}; attacking for {} s\n", target.upstream_pid, target.listen,
             target.control, window.count());
  const auto kinds = malformed_kinds(defaults.max_body_bytes);
  const Attack result = attack(target, options, kinds, defaults, window);
  RunOutcome run;
  run.exit_code = wait_target(target, std::chrono::seconds(options.seconds + 60 + 120));
  run.report = read_report(target);
  run.client = client_traffic(target, "vmagent");
  print_numbers(result, run, kinds);
  const bool pass = print_checks(judge(result, run, options, defaults.max_connections));
  if (!options.keep && pass) fs::remove_all(work);
  else fmt::print("kept: {}\n", work.string());
  if (run.verdict() == "error") return exit_bad_input;
  return pass ? exit_pass : exit_check_failed;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"rwchaos_soak: the fault upstream under slowloris and malformed requests while vmagent writes"};
  SoakOptions options;
  app.add_option("seconds", options.seconds, "Length of the run under attack")->capture_default_str()->check(CLI::Range(30, 3600));
  app.add_option("--slowloris", options.slowloris, "Slowloris connections held at once")->capture_default_str();
  app.add_option("--malformed", options.malformed, "Malformed requests to send")->capture_default_str();
  app.add_option("--rss-limit-mb", options.rss_limit_mb, "Upstream RSS bound")->capture_default_str();
  app.add_option("--control-p99-ms", options.control_p99_limit_ms, "Control API p99 latency bound")->capture_default_str();
  app.add_flag("--keep", options.keep, "Keep the work dir even when the soak passes");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : rwchaos::exit_bad_input;
  }
  // The upstream is `rwchaos upstream`, started by `rwchaos run`: this program is neither.
  std::string rwchaos_binary = RWCHAOS_BINARY;
  if (const char* env = std::getenv("RWCHAOS_BINARY"); env && *env) rwchaos_binary = env;
  ::signal(SIGPIPE, SIG_IGN);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress lines show up in a log file as they come
  try {
    return run_soak(options, rwchaos_binary);
  } catch (const std::exception& error) {
    std::cerr << "rwchaos_soak: " << error.what() << "\n";
    return rwchaos::exit_bad_input;
  }
}
