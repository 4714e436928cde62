// What each client adapter is and starts: its facts, argv, config files, metrics, dropped-sample
// reading, and what it accepts of a `client:` section.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "harness/clients/client_accepts.hpp"
#include "harness/clients/client_launch.hpp"
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
  ClientLaunch launch;
};

// As an environment launches: the write URL is the base plus the adapter's write_path.
ClientContext context(const ClientSpec& client, const std::filesystem::path& run_dir) {
  ClientContext ctx;
  ctx.client = client;
  ctx.run_dir = run_dir;
  ctx.log_file = run_dir / "client.log";
  ctx.binary = "/bin/" + client.kind;
  ctx.write_url = "http://127.0.0.1:5000" + find_client_adapter(client.kind)->write_path;
  ctx.generator_host_port = "127.0.0.1:6000";
  ctx.listen_port = 7000;
  return ctx;
}

std::unique_ptr<Prepared> prepare(const std::string& kind, std::vector<std::string> args = {}) {
  auto prepared = std::make_unique<Prepared>();
  ClientSpec client;
  client.kind = kind;
  client.interval = Duration(2000);
  client.args = std::move(args);
  prepared->launch = prepare_launch(*find_client_adapter(kind), context(client, prepared->work.path()));
  return prepared;
}

const ClientAdapter& adapter(const std::string& kind) { return *find_client_adapter(kind); }

TEST(ClientRegistry, KnowsTheFiveKindsAndNothingElse) {
  EXPECT_EQ(known_client_kinds(), "vmalert, vmagent, prometheus, reference, command");
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
  const std::string rules = e2e::read_text(p->work.path() / "vmalert-rules.yaml");
  EXPECT_NE(rules.find("interval: 2000ms"), std::string::npos) << rules;
  EXPECT_NE(rules.find("record: " + adapter("vmalert").stored_metric), std::string::npos) << rules;
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
  EXPECT_EQ(p->launch.ready_url, "http://127.0.0.1:7000/health");
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
  ClientSpec client;
  client.kind = "command";
  client.argv = {"/usr/bin/sender", "--url={{upstream_url}}", "--listen=:{{port}}", "{{run_dir}}/x"};
  client.args = {"--also={{port}}"};
  const ClientLaunch launch = prepare_launch(adapter("command"), context(client, "/runs/one"));
  EXPECT_EQ(launch.spec.argv, (std::vector<std::string>{"/usr/bin/sender", "--url=http://127.0.0.1:5000/api/v1/write",
                                                         "--listen=:7000", "/runs/one/x", "--also=7000"}));
  EXPECT_EQ(launch.ready_url, "");
  EXPECT_EQ(launch.metrics_url, "");
}

// The same launch for every kind: its name, its argv, then the scenario's args, its log and folder,
// and URLs made of 127.0.0.1, the listen port and the adapter's paths.
TEST(ClientLaunch, EveryKindIsLaunchedTheSameWayFromItsFacts) {
  for (const auto& one : client_adapters()) {
    SCOPED_TRACE(one.kind);
    e2e::WorkDir work{"launch"};
    ClientSpec client;
    client.kind = one.kind;
    client.argv = {"/usr/bin/sender"};
    client.args = {"--last"};
    const ClientLaunch launch = prepare_launch(one, context(client, work.path()));
    EXPECT_EQ(launch.spec.name, one.kind);
    // A built-in kind (reference) runs the binary found for it, like a named one.
    EXPECT_EQ(launch.spec.argv.front(), one.binary_name.empty() && !one.built_in ? "/usr/bin/sender" : "/bin/" + one.kind);
    EXPECT_EQ(launch.spec.argv.back(), "--last");
    EXPECT_EQ(launch.spec.log_file, work.path() / "client.log");
    EXPECT_EQ(launch.spec.working_dir, work.path());
    EXPECT_EQ(launch.ready_url, one.ready_path.empty() ? "" : "http://127.0.0.1:7000" + one.ready_path);
    EXPECT_EQ(launch.metrics_url, one.metrics_path.empty() ? "" : "http://127.0.0.1:7000" + one.metrics_path);
  }
}

TEST(ClientFacts, EachKindSaysWhatFeedsItWhereItWritesAndWhereItAnswers) {
  const auto& vmalert = adapter("vmalert");
  EXPECT_EQ(vmalert.source, GeneratorSource::query);
  EXPECT_EQ(vmalert.stored_metric, "rwchaos_recorded");
  EXPECT_EQ(vmalert.write_path, "");  // vmalert appends /api/v1/write itself
  EXPECT_EQ(vmalert.ready_path, "/health");
  EXPECT_EQ(vmalert.kind_http_port, 8880);
  const auto& vmagent = adapter("vmagent");
  EXPECT_EQ(vmagent.source, GeneratorSource::scrape);
  EXPECT_EQ(vmagent.stored_metric, generator_scrape_metric);
  EXPECT_EQ(vmagent.write_path, "/api/v1/write");
  EXPECT_EQ(vmagent.kind_http_port, 8429);
  const auto& prometheus = adapter("prometheus");
  EXPECT_EQ(prometheus.source, GeneratorSource::scrape);
  EXPECT_EQ(prometheus.stored_metric, generator_scrape_metric);
  EXPECT_EQ(prometheus.ready_path, "/-/ready");
  EXPECT_EQ(prometheus.kind_http_port, 0);  // no kind manifest
  const auto& command = adapter("command");
  EXPECT_EQ(command.source, GeneratorSource::none);
  EXPECT_EQ(command.stored_metric, "");  // the scenario's expected_series instead
  EXPECT_EQ(command.binary_name, "");
  EXPECT_EQ(command.metrics_path, "");
  EXPECT_TRUE(command.dropped.names.empty());
}

TEST(ClientFacts, DropCountersSayTheirUnitAndAreAmongTheKeptMetrics) {
  EXPECT_EQ(adapter("vmalert").dropped.unit, DropUnit::samples);
  EXPECT_EQ(adapter("vmagent").dropped.unit, DropUnit::blocks);
  EXPECT_EQ(adapter("prometheus").dropped.unit, DropUnit::samples);
  for (const auto& one : client_adapters()) {
    EXPECT_EQ(one.dropped.names.empty(), one.metrics_path.empty()) << one.kind;
    for (const auto& name : one.dropped.names) {
      const std::map<std::string, double> metrics = {{name + "{url=\"1\"}", 2}};
      EXPECT_EQ(remote_write_metrics(one, metrics), metrics) << one.kind << ": " << name << " would be thrown away";
    }
  }
}

TEST(ClientFacts, OnlyTheRemoteWriteSideOfAClientsMetricsIsKept) {
  const std::map<std::string, double> metrics = {{"go_gc_duration_seconds", 1},
                                                 {"vmagent_remotewrite_requests_total{url=\"1\"}", 2},
                                                 {"vm_persistentqueue_bytes_pending{path=\"q\"}", 3},
                                                 {"prometheus_remote_storage_samples_total", 4},
                                                 {"vmalert_remotewrite_sent_rows_total", 5}};
  const auto names = [](const std::map<std::string, double>& kept) {
    std::vector<std::string> out;
    for (const auto& [name, value] : kept) out.push_back(name);
    return out;
  };
  EXPECT_EQ(names(remote_write_metrics(adapter("vmagent"), metrics)),
            (std::vector<std::string>{"vm_persistentqueue_bytes_pending{path=\"q\"}",
                                      "vmagent_remotewrite_requests_total{url=\"1\"}"}));
  EXPECT_EQ(names(remote_write_metrics(adapter("vmalert"), metrics)),
            (std::vector<std::string>{"vmalert_remotewrite_sent_rows_total"}));
  EXPECT_EQ(names(remote_write_metrics(adapter("prometheus"), metrics)),
            (std::vector<std::string>{"prometheus_remote_storage_samples_total"}));
  EXPECT_TRUE(remote_write_metrics(adapter("command"), metrics).empty());
}

TEST(ClientAccepts, VmalertTakesOnlyItsFixedSendTimeoutTheOthersAnyValue) {
  ClientSpec client;
  client.send_timeout = Duration(10000);
  const auto refused = refusals(adapter("vmalert"), client);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].field, "send_timeout");
  EXPECT_NE(refused[0].message.find("fixed 30s"), std::string::npos) << refused[0].message;
  EXPECT_NE(refused[0].message.find("app/vmalert/remotewrite/remotewrite.go"), std::string::npos) << refused[0].message;
  client.send_timeout = Duration(30000);
  EXPECT_TRUE(refusals(adapter("vmalert"), client).empty());
  client.send_timeout = Duration(0);  // the client's default
  EXPECT_TRUE(refusals(adapter("vmalert"), client).empty());
  client.send_timeout = Duration(10000);
  for (const std::string kind : {"vmagent", "prometheus", "command"}) EXPECT_TRUE(refusals(adapter(kind), client).empty()) << kind;
}

TEST(ClientAccepts, ALaunchRefusesWhatTheClientCannotHonour) {
  e2e::WorkDir work{"refused"};
  ClientSpec client;
  client.kind = "vmalert";
  client.send_timeout = Duration(10000);
  try {
    prepare_launch(adapter("vmalert"), context(client, work.path()));
    FAIL() << "launched vmalert with a send_timeout it does not have";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("client.send_timeout: vmalert's remote-write timeout is a fixed 30s"),
              std::string::npos)
        << error.what();
  }
}

TEST(VmagentAndPrometheusAdapters, MapSendTimeoutToTheirOwnSetting) {
  e2e::WorkDir work{"timeout"};
  ClientSpec client;
  client.kind = "vmagent";
  client.send_timeout = Duration(12000);
  const ClientLaunch vmagent = prepare_launch(adapter("vmagent"), context(client, work.path()));
  EXPECT_TRUE(has_arg(vmagent, "-remoteWrite.sendTimeout=12000ms"));
  client.kind = "prometheus";
  prepare_launch(adapter("prometheus"), context(client, work.path()));
  const std::string config = e2e::read_text(work.path() / "prometheus.yaml");
  EXPECT_NE(config.find("remote_timeout: 12000ms"), std::string::npos) << config;
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
  EXPECT_EQ(dropped_total(adapter("vmalert"), metrics), 4);
  EXPECT_EQ(dropped_total(adapter("vmagent"), metrics), 3);
  EXPECT_EQ(dropped_total(adapter("prometheus"), metrics), 8);
  EXPECT_EQ(dropped_total(adapter("command"), metrics), 0);
}

}  // namespace
}  // namespace rwchaos::harness
