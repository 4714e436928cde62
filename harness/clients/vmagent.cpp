// vmagent (1.79): scrapes the generator every client.interval and remote-writes to the hop or
// upstream, with its persistent queue in the run folder.
#include <fstream>

#include <fmt/format.h>

#include "harness/clients/client_adapter.hpp"
#include "harness/generator/generator.hpp"

namespace rwchaos::harness {

namespace {

ClientLaunch prepare(const ClientContext& ctx) {
  const auto& client = ctx.scenario->client;
  const auto config = ctx.run_dir / "vmagent-scrape.yaml";
  std::ofstream(config) << fmt::format(
      "scrape_configs:\n"
      "  - job_name: rwchaos\n"
      "    scrape_interval: {0}ms\n"
      "    scrape_timeout: {0}ms\n"
      "    static_configs:\n"
      "      - targets: [\"{1}\"]\n",
      client.interval.count(), ctx.generator_host_port);
  std::vector<std::string> argv = {
      ctx.binary,
      "-promscrape.config=" + config.string(),
      "-remoteWrite.url=" + ctx.write_base_url + "/api/v1/write",
      "-remoteWrite.tmpDataPath=" + (ctx.run_dir / "vmagent-queue").string(),
      "-remoteWrite.flushInterval=500ms",
      fmt::format("-httpListenAddr=127.0.0.1:{}", ctx.listen_port),
      "-loggerLevel=INFO",
  };
  if (client.send_timeout.count() > 0)
    argv.push_back(fmt::format("-remoteWrite.sendTimeout={}ms", client.send_timeout.count()));
  argv.insert(argv.end(), client.args.begin(), client.args.end());
  ClientLaunch launch;
  launch.spec = {"vmagent", argv, ctx.log_file, ctx.run_dir, {}};
  launch.ready_url = fmt::format("http://127.0.0.1:{}/health", ctx.listen_port);
  launch.metrics_url = fmt::format("http://127.0.0.1:{}/metrics", ctx.listen_port);
  launch.source = GeneratorSource::scrape;
  launch.stored_metric = generator_scrape_metric;
  return launch;
}

// vmagent counts drops in blocks, not samples (app/vmagent/remotewrite/client.go: dropped on
// 400/409; lib/persistentqueue: dropped when the queue is full). Any non-zero value means "reported".
double dropped(const std::map<std::string, double>& m) {
  return sum_metric(m, "vmagent_remotewrite_packets_dropped_total") +
         sum_metric(m, "vm_persistentqueue_blocks_dropped_total");
}

}  // namespace

ClientAdapter vmagent_adapter() {
  return {"vmagent", "vmagent", prepare,
          dropped};
}

}  // namespace rwchaos::harness
