// vmalert (1.79): one recording rule over the generator's query API, remote-written to the hop or
// upstream. No alerting rules, so no -notifier.url is needed (app/vmalert/notifier/init.go returns
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

std::vector<std::string> command_line(const ClientContext& ctx) {
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
  const auto shared = victoriametrics_flags(ctx);
  argv.insert(argv.end(), shared.begin(), shared.end());
  return argv;
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
      // 1.79 has no flag for its remote-write timeout: NewClient falls back to defaultWriteTimeout.
      .accepts = {Duration(30000),
                  "vmalert 1.79.5: defaultWriteTimeout in app/vmalert/remotewrite/remotewrite.go, no flag in init.go"},
      .kind_http_port = 8880,
      .command_line = command_line,
      .is_error_line = victoriametrics_error_line,
  };
}

}  // namespace rwchaos::harness
