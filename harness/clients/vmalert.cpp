// vmalert (1.79.5, 1.112.0): one recording rule over the generator's query API, remote-written to the
// hop or upstream. No alerting rules, so no -notifier.url is needed (app/vmalert/notifier/init.go returns
// no notifiers when neither -notifier.url nor -notifier.config is set).
#include <fstream>

#include <fmt/format.h>

#include "harness/clients/client_adapter.hpp"
#include "harness/clients/client_log.hpp"
#include "harness/clients/victoriametrics_flags.hpp"
#include "harness/generator/generator.hpp"

namespace rwchaos::harness {

namespace {

constexpr const char* recorded_metric = "rwchaos_recorded";

std::vector<std::string> vmalert_command_line(const ClientContext& ctx) {
  const auto rules = ctx.run_dir / "vmalert-rules.yaml";
  std::ofstream(rules) << fmt::format(
      "groups:\n"
      "  - name: rwchaos\n"
      "    interval: {}ms\n"
      "    rules:\n"
      "      - record: {}\n"
      "        expr: {}\n",
      ctx.client.interval.count(), recorded_metric, generator_query_metric);
  std::vector<std::string> argv = {
      ctx.binary,
      "-rule=" + rules.string(),
      "-datasource.url=http://" + ctx.generator_host_port,
      fmt::format("-evaluationInterval={}ms", ctx.client.interval.count()),
  };
  static const ClientAdapter self = vmalert_adapter();  // built once, not on every launch
  const auto shared = victoriametrics_flags(ctx, self);
  argv.insert(argv.end(), shared.begin(), shared.end());
  return argv;
}

// Paths in the VictoriaMetrics source of each version (docs/clients.md "Versions").
std::vector<ClientVersion> vmalert_versions() {
  return {
      {.version = "1.79.5",
       .is_default = true,
       // No flag for its remote-write timeout: NewClient falls back to defaultWriteTimeout.
       .accepts = {Duration(30000),
                   "vmalert 1.79.5: defaultWriteTimeout in app/vmalert/remotewrite/remotewrite.go, no flag in init.go"},
       .flag_list = "vmalert-1.79.5"},
      // -remoteWrite.sendTimeout (default 30s) sets the http.Client's Timeout: app/vmalert/remotewrite/client.go.
      {.version = "1.112.0", .send_timeout_flag = "remoteWrite.sendTimeout", .flag_list = "vmalert-1.112.0"},
  };
}

}  // namespace

ClientAdapter vmalert_adapter() {
  return {
      .kind = "vmalert",
      .binary_name = "vmalert",
      .source = GeneratorSource::query,
      .stored_metric = recorded_metric,
      .write_path = "",  // vmalert appends /api/v1/write itself (app/vmalert/remotewrite/remotewrite.go)
      .ready_path = "/health",
      .metrics_path = "/metrics",
      .remote_write_metric_prefixes = {"vmalert_remotewrite_"},
      .dropped = {{"vmalert_remotewrite_dropped_rows_total"}, DropUnit::samples},
      .versions = vmalert_versions(),
      .owned_flags = {{"remoteWrite.url", "the harness points it at the hop or upstream"},
                      {"datasource.url", "the harness points it at its generator"},
                      {"rule", "the harness writes the one recording rule it counts"},
                      {"httpListenAddr", "the harness reads /health and /metrics on a port it picks"}},
      .kind_http_port = 8880,
      .command_line = vmalert_command_line,
      .is_error_line = victoriametrics_error_line,
  };
}

}  // namespace rwchaos::harness
