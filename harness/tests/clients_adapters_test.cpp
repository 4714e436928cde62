// What each client adapter starts: argv, config files, metrics, dropped-sample reading.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "harness/clients/client_registry.hpp"
#include "harness/clients/metrics_text.hpp"
#include "harness/generator/generator.hpp"
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness {
namespace {

bool has_arg(const ClientLaunch& launch, const std::string& arg) {
  return std::find(launch.spec.argv.begin(), launch.spec.argv.end(), arg) != launch.spec.argv.end();
}

struct Prepared {
  e2e::WorkDir work{"adapter"};
  Scenario scenario;
  ClientLaunch launch;
};

std::unique_ptr<Prepared> prepare(const std::string& kind, std::vector<std::string> args = {}) {
  auto prepared = std::make_unique<Prepared>();
  prepared->scenario.client.kind = kind;
  prepared->scenario.client.interval = Duration(2000);
  prepared->scenario.client.args = std::move(args);
  ClientContext ctx;
  ctx.scenario = &prepared->scenario;
  ctx.run_dir = prepared->work.path();
  ctx.log_file = prepared->work.path() / "client.log";
  ctx.binary = "/bin/" + kind;
  ctx.write_base_url = "http://127.0.0.1:5000";
  ctx.generator_host_port = "127.0.0.1:6000";
  ctx.listen_port = 7000;
  prepared->launch = find_client_adapter(kind)->prepare(ctx);
  return prepared;
}

TEST(ClientRegistry, KnowsTheFourKindsAndNothingElse) {
  EXPECT_EQ(known_client_kinds(), "vmalert, vmagent, prometheus, command");
  EXPECT_EQ(find_client_adapter("telegraf"), nullptr);
}

TEST(ClientRegistry, AnExplicitBinaryThatDoesNotExistIsNotFoundAndNamed) {
  ClientSpec spec;
  spec.kind = "vmalert";
  spec.binary = "/nonexistent/vmalert";
  const ProgramLocation location = resolve_client_binary(*find_client_adapter("vmalert"), spec);
  EXPECT_FALSE(location.found());
  EXPECT_NE(location.error.find("/nonexistent/vmalert"), std::string::npos) << location.error;
}

TEST(VmalertAdapter, RecordsTheGeneratorQueryEveryIntervalAndWritesToTheGivenUrl) {
  auto p = prepare("vmalert", {"-remoteWrite.concurrency=2"});
  EXPECT_EQ(p->launch.spec.argv[0], "/bin/vmalert");
  EXPECT_TRUE(has_arg(p->launch, "-datasource.url=http://127.0.0.1:6000"));
  EXPECT_TRUE(has_arg(p->launch, "-remoteWrite.url=http://127.0.0.1:5000"));
  EXPECT_TRUE(has_arg(p->launch, "-httpListenAddr=127.0.0.1:7000"));
  EXPECT_EQ(p->launch.spec.argv.back(), "-remoteWrite.concurrency=2");  // scenario args come last
  EXPECT_EQ(p->launch.source, GeneratorSource::query);
  const std::string rules = e2e::read_text(p->work.path() / "vmalert-rules.yaml");
  EXPECT_NE(rules.find("interval: 2000ms"), std::string::npos) << rules;
  EXPECT_NE(rules.find("record: " + p->launch.stored_metric), std::string::npos) << rules;
  EXPECT_NE(rules.find(std::string("expr: ") + generator_query_metric), std::string::npos) << rules;
  EXPECT_EQ(p->launch.metrics_url, "http://127.0.0.1:7000/metrics");
}

TEST(VmagentAdapter, ScrapesTheGeneratorAndQueuesInTheRunFolder) {
  auto p = prepare("vmagent");
  EXPECT_TRUE(has_arg(p->launch, "-remoteWrite.url=http://127.0.0.1:5000/api/v1/write"));
  EXPECT_TRUE(has_arg(p->launch, "-remoteWrite.tmpDataPath=" + (p->work.path() / "vmagent-queue").string()));
  const std::string config = e2e::read_text(p->work.path() / "vmagent-scrape.yaml");
  EXPECT_NE(config.find("scrape_interval: 2000ms"), std::string::npos) << config;
  EXPECT_NE(config.find("\"127.0.0.1:6000\""), std::string::npos) << config;
  EXPECT_EQ(p->launch.stored_metric, generator_scrape_metric);
}

TEST(PrometheusAdapter, RunsInAgentModeWithRemoteWriteToTheGivenUrl) {
  auto p = prepare("prometheus");
  EXPECT_TRUE(has_arg(p->launch, "--enable-feature=agent"));
  EXPECT_TRUE(has_arg(p->launch, "--web.listen-address=127.0.0.1:7000"));
  EXPECT_TRUE(has_arg(p->launch, "--storage.agent.path=" + (p->work.path() / "prometheus-agent").string()));
  const std::string config = e2e::read_text(p->work.path() / "prometheus.yaml");
  EXPECT_NE(config.find("url: http://127.0.0.1:5000/api/v1/write"), std::string::npos) << config;
  EXPECT_NE(config.find("\"127.0.0.1:6000\""), std::string::npos) << config;
  EXPECT_EQ(p->launch.ready_url, "http://127.0.0.1:7000/-/ready");
}

TEST(CommandAdapter, ExpandsPlaceholdersInEveryArgument) {
  auto prepared = std::make_unique<Prepared>();
  prepared->scenario.client.kind = "command";
  prepared->scenario.client.argv = {"/usr/bin/sender", "--url={{upstream_url}}", "--listen=:{{port}}", "{{run_dir}}/x"};
  ClientContext ctx;
  ctx.scenario = &prepared->scenario;
  ctx.run_dir = "/runs/one";
  ctx.write_base_url = "http://127.0.0.1:5000";
  ctx.listen_port = 7000;
  const ClientLaunch launch = find_client_adapter("command")->prepare(ctx);
  EXPECT_EQ(launch.spec.argv, (std::vector<std::string>{"/usr/bin/sender", "--url=http://127.0.0.1:5000/api/v1/write",
                                                         "--listen=:7000", "/runs/one/x"}));
  EXPECT_EQ(launch.source, GeneratorSource::none);
}

TEST(ClientMetricsText, ParsesSeriesWithLabelsHoldingSpacesAndSkipsComments) {
  const auto metrics = parse_metrics_text(
      "# HELP x y\n"
      "vmalert_remotewrite_dropped_rows_total 4\n"
      "vmagent_remotewrite_packets_dropped_total{url=\"1:secret url\"} 2\n"
      "vmagent_remotewrite_packets_dropped_total{url=\"2\"} 3\n"
      "garbage\n");
  EXPECT_EQ(metrics.at("vmalert_remotewrite_dropped_rows_total"), 4);
  EXPECT_EQ(metrics.at("vmagent_remotewrite_packets_dropped_total{url=\"1:secret url\"}"), 2);
  EXPECT_EQ(sum_metric(metrics, "vmagent_remotewrite_packets_dropped_total"), 5);
  EXPECT_EQ(sum_metric(metrics, "vmagent_remotewrite_packets"), 0);  // a prefix is not a name
}

TEST(ClientMetricsText, EachAdapterReadsItsOwnDropCounters) {
  const std::map<std::string, double> metrics = {
      {"vmalert_remotewrite_dropped_rows_total", 4},
      {"vmagent_remotewrite_packets_dropped_total{url=\"1:x\"}", 2},
      {"vm_persistentqueue_blocks_dropped_total{path=\"q\"}", 1},
      {"prometheus_remote_storage_samples_failed_total{remote_name=\"a\",url=\"u\"}", 7},
      {"prometheus_remote_storage_samples_dropped_total{remote_name=\"a\",url=\"u\"}", 1}};
  EXPECT_EQ(find_client_adapter("vmalert")->dropped_samples(metrics), 4);
  EXPECT_EQ(find_client_adapter("vmagent")->dropped_samples(metrics), 3);
  EXPECT_EQ(find_client_adapter("prometheus")->dropped_samples(metrics), 8);
}

}  // namespace
}  // namespace rwchaos::harness
