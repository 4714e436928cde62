// Prometheus (2.42.0, 2.53.3) in agent mode: scrapes the generator every client.interval,
// remote-writes to the hop or upstream, WAL in the run folder. Its remote_write entry is the user's
// own (client.remote_write) with the harness's url, else the harness's: only the batching deadline
// shortened (default 5 s); retry and backoff stay Prometheus' own, since they are what is under test.
#include <fstream>

#include <fmt/format.h>

#include "harness/clients/client_adapter.hpp"
#include "harness/clients/client_log.hpp"
#include "harness/clients/prometheus_remote_write.hpp"
#include "harness/clients/scrape_config.hpp"
#include "harness/generator/generator.hpp"

namespace rwchaos::harness {

namespace {

std::string remote_write_yaml(const ClientContext& ctx) {
  const auto timeout = ctx.client.send_timeout;
  const std::string remote_timeout = timeout.count() > 0 ? fmt::format("    remote_timeout: {}ms\n", timeout.count()) : "";
  // The user's entry as they wrote it, under the harness's url (prometheus_remote_write.hpp); else
  // a short batch deadline so samples flow within a scenario's seconds.
  const std::string entry = ctx.client.remote_write.empty() ? "    queue_config:\n      batch_send_deadline: 500ms\n"
                                                             : ctx.client.remote_write_entry;
  return remote_write_section(ctx.write_url, remote_timeout + entry);
}

std::vector<std::string> prometheus_command_line(const ClientContext& ctx) {
  const auto config = ctx.run_dir / "prometheus.yaml";
  std::ofstream(config) << scrape_config_yaml(ctx) << remote_write_yaml(ctx);
  return {
      ctx.binary,
      "--enable-feature=agent",
      "--config.file=" + config.string(),
      "--storage.agent.path=" + (ctx.run_dir / "prometheus-agent").string(),
      fmt::format("--web.listen-address=127.0.0.1:{}", ctx.listen_port),
      "--storage.remote.flush-deadline=10s",
  };
}

// Agent mode is --enable-feature=agent in both (cmd/prometheus/main.go at v2.42.0 and v2.53.3); their
// --help differs only in --auto-gomemlimit.ratio and --rules.max-concurrent-evals, new in 2.53.3. What
// differs in remote-write (Retry-Attempt, queue defaults) is in docs/clients.md "Versions".
std::vector<ClientVersion> prometheus_versions() {
  return {{.version = "2.42.0", .is_default = true}, {.version = "2.53.3"}};
}

}  // namespace

ClientAdapter prometheus_adapter() {
  return {
      .kind = "prometheus",
      .binary_name = "prometheus",
      .source = GeneratorSource::scrape,
      .stored_metric = generator_scrape_metric,
      .write_path = "/api/v1/write",
      .ready_path = "/-/ready",
      .metrics_path = "/metrics",
      .remote_write_metric_prefixes = {"prometheus_remote_storage_"},
      // samples_failed: given up after a non-recoverable error (4xx); samples_dropped: dropped before
      // sending (Prometheus 2.42 storage/remote/queue_manager.go).
      .dropped = {{"prometheus_remote_storage_samples_failed_total", "prometheus_remote_storage_samples_dropped_total"},
                  DropUnit::samples},
      .versions = prometheus_versions(),
      .takes_remote_write_file = true,
      .command_line = prometheus_command_line,
      .is_error_line = logfmt_error_line,
  };
}

}  // namespace rwchaos::harness
