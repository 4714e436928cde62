// vmagent (1.79.5, 1.112.0): scrapes the generator every client.interval and remote-writes to the hop or
// upstream, with its persistent queue in the run folder.
#include <fstream>

#include <fmt/format.h>

#include "harness/clients/client_adapter.hpp"
#include "harness/clients/client_log.hpp"
#include "harness/clients/scrape_config.hpp"
#include "harness/clients/victoriametrics_flags.hpp"
#include "harness/generator/generator.hpp"

namespace rwchaos::harness {

namespace {

std::vector<std::string> vmagent_command_line(const ClientContext& ctx) {
  const auto config = ctx.run_dir / "vmagent-scrape.yaml";
  std::ofstream(config) << scrape_config_yaml(ctx);
  std::vector<std::string> argv = {
      ctx.binary,
      "-promscrape.config=" + config.string(),
      "-remoteWrite.tmpDataPath=" + (ctx.run_dir / "vmagent-queue").string(),
  };
  static const ClientAdapter self = vmagent_adapter();  // built once, not on every launch
  const auto shared = victoriametrics_flags(ctx, self);
  argv.insert(argv.end(), shared.begin(), shared.end());
  return argv;
}

// -remoteWrite.sendTimeout in both: app/vmagent/remotewrite/client.go (default 1m). What else differs
// (the VictoriaMetrics protocol probe, retry flags) is in docs/clients.md "Versions".
std::vector<ClientVersion> vmagent_versions() {
  return {
      {.version = "1.79.5", .is_default = true, .send_timeout_flag = "remoteWrite.sendTimeout", .flag_list = "vmagent-1.79.5"},
      {.version = "1.112.0", .send_timeout_flag = "remoteWrite.sendTimeout", .flag_list = "vmagent-1.112.0"},
  };
}

}  // namespace

ClientAdapter vmagent_adapter() {
  return {
      .kind = "vmagent",
      .binary_name = "vmagent",
      .source = GeneratorSource::scrape,
      .stored_metric = generator_scrape_metric,
      .write_path = "/api/v1/write",  // vmagent uses -remoteWrite.url as given
      .ready_path = "/health",
      .metrics_path = "/metrics",
      .remote_write_metric_prefixes = {"vmagent_remotewrite_", "vm_persistentqueue_"},
      // Dropped on 400/409 (app/vmagent/remotewrite/client.go) and when the queue is full
      // (lib/persistentqueue): counted in blocks, not samples.
      .dropped = {{"vmagent_remotewrite_packets_dropped_total", "vm_persistentqueue_blocks_dropped_total"},
                  DropUnit::blocks},
      .versions = vmagent_versions(),
      .owned_flags = {{"remoteWrite.url", "the harness points it at the hop or upstream"},
                      {"promscrape.config", "the harness writes the scrape job of its generator"},
                      {"remoteWrite.tmpDataPath", "the harness gives each run a fresh queue folder"},
                      {"httpListenAddr", "the harness reads /health and /metrics on a port it picks"}},
      .kind_http_port = 8429,
      .command_line = vmagent_command_line,
      .is_error_line = victoriametrics_error_line,
  };
}

}  // namespace rwchaos::harness
