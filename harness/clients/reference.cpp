// The reference sender (`rwchaos sender`, harness/sender/): scrapes the generator every
// client.interval like vmagent, remote-writes to the hop or upstream, and breaks the rules named in
// client.misbehave on purpose (reference_misbehaviours.hpp). It is this rwchaos binary, so it is
// always there and starts in milliseconds.
#include <fmt/format.h>

#include "harness/clients/client_adapter.hpp"
#include "harness/clients/client_log.hpp"
#include "harness/generator/generator.hpp"

namespace rwchaos::harness {

namespace {

std::vector<std::string> command_line(const ClientContext& ctx) {
  std::vector<std::string> argv = {
      ctx.binary,
      "sender",
      "--write-url=" + ctx.write_url,
      fmt::format("--scrape-url=http://{}/metrics", ctx.generator_host_port),
      fmt::format("--interval-ms={}", ctx.client.interval.count()),
      fmt::format("--listen=127.0.0.1:{}", ctx.listen_port),
  };
  if (ctx.client.send_timeout.count() > 0)
    argv.push_back(fmt::format("--send-timeout-ms={}", ctx.client.send_timeout.count()));
  std::string misbehave;
  for (const auto& name : ctx.client.misbehave) misbehave += (misbehave.empty() ? "" : ",") + name;
  if (!misbehave.empty()) argv.push_back("--misbehave=" + misbehave);
  return argv;
}

}  // namespace

ClientAdapter reference_adapter() {
  return {
      .kind = "reference",
      .built_in = true,
      .source = GeneratorSource::scrape,
      .stored_metric = generator_scrape_metric,
      .write_path = "/api/v1/write",
      .ready_path = "/health",
      .metrics_path = "/metrics",
      .remote_write_metric_prefixes = {"rwchaos_sender_"},
      // Every sample it gives up on, by reason (harness/sender/sender_metrics.hpp); `drop-on-5xx`
      // leaves it out on purpose.
      .dropped = {{"rwchaos_sender_samples_dropped_total"}, DropUnit::samples},
      .accepts = {.misbehave = true},
      .command_line = command_line,
      .is_error_line = any_error_word,  // its fatal lines read "rwchaos sender: error: ..."
  };
}

}  // namespace rwchaos::harness
