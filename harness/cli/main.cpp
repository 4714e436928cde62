// rwchaos: one binary, one subcommand per job (DESIGN.md "CLI").
#include <CLI/CLI.hpp>

#include "faults/upstream/upstream_main.hpp"
#include "harness/clients/clients_command.hpp"
#include "harness/clients/reference_misbehaviours.hpp"
#include "harness/common/exit_codes.hpp"
#include "harness/diff/baseline_command.hpp"
#include "harness/diff/diff_command.hpp"
#include "harness/mesh/sidecar_main.hpp"
#include "harness/reports/matrix_command.hpp"
#include "harness/run/run_command.hpp"
#include "harness/scenario/validate_command.hpp"
#include "harness/sender/sender_main.hpp"

int main(int argc, char** argv) {
  CLI::App app{"rwchaos: chaos tests and conformance for Prometheus remote-write senders"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(RWCHAOS_VERSION));

  rwchaos::harness::RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "Run scenario files or suite folders");
  run_cmd->add_option("paths", run.paths, "Scenario files or suite folders")->required();
  run_cmd->add_option("--env", run.env, "Environment: local or kind")->check(CLI::IsMember({"local", "kind"}));
  run_cmd->add_option("--client", run.client,
                     "Override the client of every scenario: KIND or KIND@VERSION (rwchaos clients lists them), "
                     "or reference:NAME[,NAME] for the reference sender's misbehaviours");
  run_cmd->add_option("--results", run.results_dir, "Results folder (default results/<timestamp>-<name>/)");
  run_cmd->add_option("--seed", run.seed, "Override every scenario's seed");
  run_cmd->add_option("-j,--jobs", run.jobs, "Run up to N scenarios at once (each in its own environment)")
      ->capture_default_str()
      ->check(CLI::Range(1u, 64u));

  std::vector<std::string> validate_paths;
  auto* validate_cmd = app.add_subcommand("validate", "Check scenario files and Istio YAML without running");
  validate_cmd->add_option("paths", validate_paths, "Scenario files, suite folders or Istio YAML")->required();

  rwchaos::faults::UpstreamOptions upstream;
  auto* upstream_cmd = app.add_subcommand("upstream", "Run the fault upstream alone");
  upstream_cmd->add_option("--listen", upstream.listen, "Remote-write listen address host:port")->capture_default_str();
  upstream_cmd->add_option("--control", upstream.control, "Control API listen address host:port")->capture_default_str();
  upstream_cmd->add_option("--control-token", upstream.control_token, "Bearer token; required to bind beyond loopback");
  upstream_cmd->add_option("--plan", upstream.plan_file, "Fault plan YAML (seed + faults)");
  upstream_cmd->add_option("--forward", upstream.forward_url, "Storage remote-write URL to commit to");
  upstream_cmd->add_option("--ledger", upstream.ledger_file, "Ledger JSONL file, flushed per record");
  upstream_cmd->add_option("--ready-file", upstream.ready_file, "Write bound ports here once listening");
  upstream_cmd->add_flag("--ledger-samples", upstream.ledger_samples,
                         "List every request's samples (series, timestamps, stale markers) in its ledger record");
  upstream_cmd->add_option("--max-body-bytes", upstream.max_body_bytes, "Request body cap")->capture_default_str();
  upstream_cmd->add_option("--max-connections", upstream.max_connections, "Connection cap")->capture_default_str();
  upstream_cmd->add_option("--max-buffered-bytes", upstream.max_buffered_bytes,
                           "Memory budget for all requests in progress (bodies and decoded payloads); past it, 503")
      ->capture_default_str();
  upstream_cmd->add_option("--header-timeout", upstream.header_timeout_s, "Seconds to receive request headers")->capture_default_str();

  rwchaos::harness::mesh::SidecarOptions sidecar;
  auto* sidecar_cmd = app.add_subcommand("sidecar", "Run one Istio-hop sidecar (a model of Envoy) alone");
  sidecar_cmd->add_option("--config", sidecar.config_file, "Sidecar config JSON (docs/internals.md \"The sidecar\")")->required();
  sidecar_cmd->add_option("--ready-file", sidecar.ready_file, "Write the bound addresses here once listening");

  rwchaos::harness::sender::SenderOptions sender;
  auto* sender_cmd = app.add_subcommand("sender", "Run the reference sender: scrape a target, remote-write its samples");
  sender_cmd->add_option("--write-url", sender.write_url, "Remote-write URL, http://HOST:PORT/PATH on loopback")->required();
  sender_cmd->add_option("--scrape-url", sender.scrape_url, "Target to scrape, e.g. the generator's /metrics")->required();
  sender_cmd->add_option("--listen", sender.listen, "Own /metrics and /health, host:port on loopback")->capture_default_str();
  sender_cmd->add_option("--ready-file", sender.ready_file, "Write the bound address here once listening");
  sender_cmd->add_option("--misbehave", sender.misbehave,
                         "Rules to break on purpose, NAME[,NAME]: " + rwchaos::harness::known_misbehaviours());
  sender_cmd->add_option("--job", sender.job, "job label of the scraped series")->capture_default_str();
  sender_cmd->add_option("--interval-ms", sender.interval_ms, "Scrape interval")->capture_default_str();
  sender_cmd->add_option("--send-timeout-ms", sender.send_timeout_ms, "Timeout of one write")->capture_default_str();
  sender_cmd->add_option("--min-backoff-ms", sender.min_backoff_ms, "First retry's wait")->capture_default_str();
  sender_cmd->add_option("--max-backoff-ms", sender.max_backoff_ms, "Longest wait between retries")->capture_default_str();
  sender_cmd->add_option("--flush-deadline-ms", sender.flush_deadline_ms, "After SIGTERM, send for at most this long")
      ->capture_default_str();
  sender_cmd->add_option("--max-samples-per-send", sender.max_samples_per_send, "Samples per request")->capture_default_str();
  sender_cmd->add_option("--queue-capacity", sender.queue_capacity, "Samples held before the oldest are dropped")
      ->capture_default_str();

  app.add_subcommand("clients", "List every version of each client, storage and hop program and where it is found");

  std::vector<std::string> matrix_paths;
  std::string matrix_output, matrix_html;
  auto* matrix_cmd = app.add_subcommand("matrix", "Render report.json files or results folders as a client x scenario markdown matrix");
  matrix_cmd->add_option("paths", matrix_paths, "report.json files or results folders")->required();
  matrix_cmd->add_option("-o,--output", matrix_output, "Write the markdown here instead of stdout");
  matrix_cmd->add_option("--html", matrix_html, "Also write one report.html page for every report found");

  rwchaos::harness::DiffOptions diff;
  auto* diff_cmd = app.add_subcommand("diff", "What changed between two results folders; exit 1 when anything got worse");
  diff_cmd->add_option("base", diff.base, "Results folder (or committed baseline) to compare against")->required();
  diff_cmd->add_option("new", diff.next, "Results folder of the run under review")->required();
  diff_cmd->add_option("-o,--output", diff.output_file, "Also write the markdown here");

  std::string baseline_results, baseline_folder;
  auto* baseline_cmd = app.add_subcommand("baseline", "Copy a results folder's report.json files into a baseline folder to commit");
  baseline_cmd->add_option("results", baseline_results, "Results folder of `rwchaos run`")->required();
  baseline_cmd->add_option("baseline", baseline_folder, "Baseline folder (its report.json files are replaced)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? rwchaos::exit_pass : rwchaos::exit_bad_input;
  }

  if (*run_cmd) return rwchaos::harness::run_command(run);
  if (*validate_cmd) return rwchaos::harness::validate_command(validate_paths);
  if (*upstream_cmd) return rwchaos::faults::run_upstream(upstream);
  if (*sidecar_cmd) return rwchaos::harness::mesh::run_sidecar(sidecar);
  if (*sender_cmd) return rwchaos::harness::sender::run_sender(sender);
  if (*matrix_cmd) return rwchaos::harness::matrix_command(matrix_paths, matrix_output, matrix_html);
  if (*diff_cmd) return rwchaos::harness::diff_command(diff);
  if (*baseline_cmd) return rwchaos::harness::baseline_command(baseline_results, baseline_folder);
  return rwchaos::harness::clients_command();
}
