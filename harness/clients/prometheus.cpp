// Prometheus (2.42) in agent mode: scrapes the generator every client.interval, remote-writes to
// the hop or upstream, WAL in the run folder. Only the batching deadline is shortened (default 5 s);
// retry and backoff stay Prometheus' own, since they are what is under test.
#include <fstream>

#include <fmt/format.h>

#include "harness/clients/client_adapter.hpp"
#include "harness/generator/generator.hpp"

namespace rwchaos::harness {

namespace {

ClientLaunch prepare(const ClientContext& ctx) {
  const auto& client = ctx.scenario->client;
  const auto config = ctx.run_dir / "prometheus.yaml";
  std::ofstream(config) << fmt::format(
      "global:\n"
      "  scrape_interval: {0}ms\n"
      "  scrape_timeout: {0}ms\n"
      "scrape_configs:\n"
      "  - job_name: rwchaos\n"
      "    static_configs:\n"
      "      - targets: [\"{1}\"]\n"
      "remote_write:\n"
      "  - url: {2}/api/v1/write\n"
      "{3}"
      "    queue_config:\n"
      "      batch_send_deadline: 500ms\n",
      client.interval.count(), ctx.generator_host_port, ctx.write_base_url,
      client.send_timeout.count() > 0 ? fmt::format("    remote_timeout: {}ms\n", client.send_timeout.count()) : "");
  std::vector<std::string> argv = {
      ctx.binary,
      "--enable-feature=agent",
      "--config.file=" + config.string(),
      "--storage.agent.path=" + (ctx.run_dir / "prometheus-agent").string(),
      fmt::format("--web.listen-address=127.0.0.1:{}", ctx.listen_port),
      "--storage.remote.flush-deadline=10s",
  };
  argv.insert(argv.end(), client.args.begin(), client.args.end());
  ClientLaunch launch;
  launch.spec = {"prometheus", argv, ctx.log_file, ctx.run_dir, {}};
  launch.ready_url = fmt::format("http://127.0.0.1:{}/-/ready", ctx.listen_port);
  launch.metrics_url = fmt::format("http://127.0.0.1:{}/metrics", ctx.listen_port);
  launch.source = GeneratorSource::scrape;
  launch.stored_metric = generator_scrape_metric;
  return launch;
}

// samples_failed: given up after a non-recoverable error (4xx); samples_dropped: dropped before
// sending (Prometheus 2.42 storage/remote/queue_manager.go).
double dropped(const std::map<std::string, double>& m) {
  return sum_metric(m, "prometheus_remote_storage_samples_failed_total") +
         sum_metric(m, "prometheus_remote_storage_samples_dropped_total");
}

}  // namespace

ClientAdapter prometheus_adapter() {
  return {"prometheus", "prometheus", prepare, dropped};
}

}  // namespace rwchaos::harness
