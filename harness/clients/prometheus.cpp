// Prometheus (2.42) in agent mode: scrapes the generator every client.interval, remote-writes to
// the hop or upstream, WAL in the run folder. Only the batching deadline is shortened (default 5 s);
// retry and backoff stay Prometheus' own, since they are what is under test.
#include <fstream>

#include <fmt/format.h>

#include "harness/clients/client_adapter.hpp"
#include "harness/clients/client_log.hpp"
#include "harness/clients/scrape_config.hpp"
#include "harness/generator/generator.hpp"

namespace rwchaos::harness {

namespace {

std::vector<std::string> command_line(const ClientContext& ctx) {
  const auto config = ctx.run_dir / "prometheus.yaml";
  const auto timeout = ctx.client.send_timeout;
  std::ofstream(config) << scrape_config_yaml(ctx)
                        << fmt::format(
                               "remote_write:\n"
                               "  - url: {}\n"
                               "{}"
                               "    queue_config:\n"
                               "      batch_send_deadline: 500ms\n",
                               ctx.write_url,
                               timeout.count() > 0 ? fmt::format("    remote_timeout: {}ms\n", timeout.count()) : "");
  return {
      ctx.binary,
      "--enable-feature=agent",
      "--config.file=" + config.string(),
      "--storage.agent.path=" + (ctx.run_dir / "prometheus-agent").string(),
      fmt::format("--web.listen-address=127.0.0.1:{}", ctx.listen_port),
      "--storage.remote.flush-deadline=10s",
  };
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
      .command_line = command_line,
      .is_error_line = logfmt_error_line,
  };
}

}  // namespace rwchaos::harness
