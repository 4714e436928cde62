// vmalert (1.79): one recording rule over the generator's query API, remote-written to the hop or
// upstream. No alerting rules, so no -notifier.url is needed (app/vmalert/notifier/init.go returns
// no notifiers when neither -notifier.url nor -notifier.config is set).
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "harness/clients/client_adapter.hpp"
#include "harness/generator/generator.hpp"

namespace rwchaos::harness {

namespace {

constexpr const char* recorded_metric = "rwchaos_recorded";

ClientLaunch prepare(const ClientContext& ctx) {
  const auto& client = ctx.scenario->client;
  // vmalert 1.79 has no flag for its remote-write timeout: a fixed 30 s (defaultWriteTimeout in
  // app/vmalert/remotewrite/remotewrite.go). A scenario may state that value, not another.
  constexpr Duration fixed_send_timeout{30000};
  if (client.send_timeout.count() > 0 && client.send_timeout != fixed_send_timeout)
    throw std::runtime_error(
        "client.send_timeout: vmalert 1.79's remote-write timeout is a fixed 30s (no flag, "
        "app/vmalert/remotewrite/remotewrite.go); use 30s or leave send_timeout out for vmalert");
  const auto rules = ctx.run_dir / "vmalert-rules.yaml";
  std::ofstream(rules) << fmt::format(
      "groups:\n"
      "  - name: rwchaos\n"
      "    interval: {}ms\n"
      "    rules:\n"
      "      - record: {}\n"
      "        expr: {}\n",
      client.interval.count(), recorded_metric, generator_query_metric);
  std::vector<std::string> argv = {
      ctx.binary,
      "-rule=" + rules.string(),
      "-datasource.url=http://" + ctx.generator_host_port,
      // vmalert appends /api/v1/write itself (app/vmalert/remotewrite/remotewrite.go).
      "-remoteWrite.url=" + ctx.write_base_url,
      "-remoteWrite.flushInterval=500ms",
      fmt::format("-evaluationInterval={}ms", client.interval.count()),
      fmt::format("-httpListenAddr=127.0.0.1:{}", ctx.listen_port),
      "-loggerLevel=INFO",
  };
  argv.insert(argv.end(), client.args.begin(), client.args.end());
  ClientLaunch launch;
  launch.spec = {"vmalert", argv, ctx.log_file, ctx.run_dir, {}};
  launch.ready_url = fmt::format("http://127.0.0.1:{}/health", ctx.listen_port);
  launch.metrics_url = fmt::format("http://127.0.0.1:{}/metrics", ctx.listen_port);
  launch.source = GeneratorSource::query;
  launch.stored_metric = recorded_metric;
  return launch;
}

}  // namespace

ClientAdapter vmalert_adapter() {
  return {"vmalert", "vmalert", prepare,
          [](const std::map<std::string, double>& m) { return sum_metric(m, "vmalert_remotewrite_dropped_rows_total"); }};
}

}  // namespace rwchaos::harness
