// The real programs scripts/setup provides run here: victoria-metrics stores exactly what our codec
// encodes, and vmalert, vmagent and Prometheus (agent mode) write into it and expose their own
// metrics. A missing program fails these tests ("run scripts/setup"); they never skip.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "faults/remotewrite/codec.hpp"
#include "harness/tests/real_client_args.hpp"
#include "harness/tests/real_process_support.hpp"

namespace rw = rwchaos::remotewrite;
using namespace rwchaos::harness::test;

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void add_series(prometheus::WriteRequest& request, const std::string& case_label,
                const std::vector<std::pair<std::int64_t, double>>& samples) {
  auto* series = request.add_timeseries();
  auto* name = series->add_labels();
  name->set_name("__name__");
  name->set_value("rwchaos_codec_probe");
  auto* label = series->add_labels();
  label->set_name("case");
  label->set_value(case_label);
  for (const auto& [timestamp, value] : samples) {
    auto* sample = series->add_samples();
    sample->set_timestamp(timestamp);
    sample->set_value(value);
  }
}

const ExportedSeries* find_series(const std::vector<ExportedSeries>& all, const std::string& label,
                                  const std::string& value) {
  for (const auto& series : all)
    if (series.labels.count(label) && series.labels.at(label) == value) return &series;
  return nullptr;
}

bool strictly_increasing(const std::vector<std::int64_t>& timestamps) {
  return std::adjacent_find(timestamps.begin(), timestamps.end(), std::greater_equal<>()) == timestamps.end();
}

// Waits until storage holds at least `min_samples` samples of the series matching `match`.
std::vector<ExportedSeries> wait_for_samples(VictoriaMetrics& vm, const std::string& match, std::size_t min_samples) {
  std::vector<ExportedSeries> found;
  wait_until(30s, [&] {
    found = vm.export_series(match);
    return !found.empty() && found.front().values.size() >= min_samples;
  });
  return found;
}

constexpr const char* target_text =
    "# HELP rwchaos_target_probe_total A constant counter the test serves.\n"
    "# TYPE rwchaos_target_probe_total counter\n"
    "rwchaos_target_probe_total 7\n";

}  // namespace

TEST(RealPrograms, VictoriaMetricsStoresExactlyWhatTheCodecEncodes) {
  TempDir dir;
  VictoriaMetrics vm(dir.path());
  // Whole seconds a minute ago: inside retention, clear of any rounding.
  const std::int64_t t0 = now_ms() / 1000 * 1000 - 60000;
  prometheus::WriteRequest request;
  add_series(request, "a", {{t0, 1.5}, {t0 + 1000, -2.25}, {t0 + 2000, 1e12}});
  add_series(request, "b", {{t0, 0.0}, {t0 + 1500, 42.0}});

  httplib::Client client("127.0.0.1", vm.port());
  httplib::Headers headers{{"Content-Encoding", "snappy"}, {"X-Prometheus-Remote-Write-Version", "0.1.0"}};
  auto result = client.Post("/api/v1/write", headers, rw::encode(request), "application/x-protobuf");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  ASSERT_EQ(result->status, 204) << result->body;

  std::vector<ExportedSeries> stored;
  wait_until(15s, [&] {
    stored = vm.export_series("{__name__=\"rwchaos_codec_probe\"}");
    return stored.size() == 2 && stored[0].values.size() + stored[1].values.size() == 5;
  });
  ASSERT_EQ(stored.size(), 2u) << vm.child().log_tail();
  const auto* a = find_series(stored, "case", "a");
  const auto* b = find_series(stored, "case", "b");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->values, (std::vector<double>{1.5, -2.25, 1e12}));
  EXPECT_EQ(a->timestamps, (std::vector<std::int64_t>{t0, t0 + 1000, t0 + 2000}));
  EXPECT_EQ(b->values, (std::vector<double>{0.0, 42.0}));
  EXPECT_EQ(b->timestamps, (std::vector<std::int64_t>{t0, t0 + 1500}));
  EXPECT_EQ(a->labels.size(), 2u);
}

TEST(RealPrograms, VmalertRecordsRuleResultsIntoVictoriaMetrics) {
  TempDir dir;
  VictoriaMetrics vm(dir.path());
  const auto rules = write_recording_rule(dir.path(), "rwchaos", "rwchaos_rule_probe", 42);
  auto [vmalert, port] = start_listening(
      "vmalert", [&](int port) { return vmalert_args(rules, vm.url(), vm.url(), port); }, dir.path(), "/metrics", "vmalert_remotewrite_sent_rows_total");
  EXPECT_NE(http_get(port, "/metrics").find("vmalert_iteration_total"), std::string::npos);

  const auto stored = wait_for_samples(vm, "rwchaos_rule_probe", 2);
  ASSERT_EQ(stored.size(), 1u) << vmalert->log_tail();
  EXPECT_EQ(stored[0].labels, (std::map<std::string, std::string>{{"__name__", "rwchaos_rule_probe"}}));
  ASSERT_GE(stored[0].values.size(), 2u);
  for (double value : stored[0].values) EXPECT_EQ(value, 42.0);
  EXPECT_TRUE(strictly_increasing(stored[0].timestamps));
  EXPECT_EQ(vmalert->stop(), 0) << vmalert->log_tail();
}

TEST(RealPrograms, VmagentScrapesATargetAndWritesItIntoVictoriaMetrics) {
  TempDir dir;
  VictoriaMetrics vm(dir.path());
  ScrapeTarget target(target_text);
  write_file(dir / "scrape.yml", scrape_config("rwchaos_vmagent", target.address(), ""));
  auto [vmagent, port] = start_listening(
      "vmagent", [&](int port) { return vmagent_args(dir.path(), vm.url() + "/api/v1/write", port); }, dir.path(), "/metrics", "vmagent_remotewrite_blocks_sent_total");

  const auto stored = wait_for_samples(vm, "rwchaos_target_probe_total", 2);
  ASSERT_EQ(stored.size(), 1u) << vmagent->log_tail();
  EXPECT_EQ(stored[0].labels.at("job"), "rwchaos_vmagent");
  EXPECT_EQ(stored[0].labels.at("instance"), target.address());
  for (double value : stored[0].values) EXPECT_EQ(value, 7.0);
  EXPECT_TRUE(strictly_increasing(stored[0].timestamps));
  const auto up = vm.export_series("up{job=\"rwchaos_vmagent\"}");
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0].values.front(), 1.0);
  EXPECT_EQ(vmagent->stop(), 0) << vmagent->log_tail();
}

TEST(RealPrograms, PrometheusAgentScrapesATargetAndWritesItIntoVictoriaMetrics) {
  TempDir dir;
  VictoriaMetrics vm(dir.path());
  ScrapeTarget target(target_text);
  write_file(dir / "prometheus.yml", scrape_config("rwchaos_prometheus", target.address(), vm.url() + "/api/v1/write"));
  auto [prometheus, port] = start_listening(
      "prometheus", [&](int port) { return prometheus_agent_args(dir.path(), port); }, dir.path(), "/metrics", "prometheus_agent_active_series");
  EXPECT_NE(http_get(port, "/metrics").find("prometheus_remote_storage_samples_total"), std::string::npos);

  const auto stored = wait_for_samples(vm, "rwchaos_target_probe_total", 2);
  ASSERT_EQ(stored.size(), 1u) << prometheus->log_tail();
  EXPECT_EQ(stored[0].labels.at("job"), "rwchaos_prometheus");
  EXPECT_EQ(stored[0].labels.at("instance"), target.address());
  for (double value : stored[0].values) EXPECT_EQ(value, 7.0);
  EXPECT_TRUE(strictly_increasing(stored[0].timestamps));
  EXPECT_EQ(prometheus->stop(), 0) << prometheus->log_tail();
}

// Debian 13's prebuilt VictoriaMetrics 1.112.0 programs run on this Debian 12 (glibc >= 2.34,
// libzstd) and serve /health. Their version flag prints nothing in Debian's build.
TEST(RealPrograms, Debian13VictoriaMetricsProgramsStartAndAnswerHealth) {
  TempDir dir;
  write_file(dir / "auth.yml", "unauthorized_user:\n  url_prefix: http://127.0.0.1:1/\n");
  const auto rules = write_recording_rule(dir.path(), "rwchaos_health", "rwchaos_health_rule", 1);
  const std::map<std::string, std::function<std::vector<std::string>(int)>> programs{
      {"victoria-metrics",
       [&](int port) {
         return std::vector<std::string>{fmt::format("-httpListenAddr=127.0.0.1:{}", port),
                                         "-storageDataPath=" + (dir / "vm112").string()};
       }},
      {"vmagent", [&](int port) { return vmagent_args(dir.path(), "http://127.0.0.1:1/api/v1/write", port); }},
      {"vmalert", [&](int port) { return vmalert_args(rules, "http://127.0.0.1:1", "http://127.0.0.1:1", port); }},
      {"vmauth",
       [&](int port) {
         return std::vector<std::string>{"-auth.config=" + (dir / "auth.yml").string(),
                                         fmt::format("-httpListenAddr=127.0.0.1:{}", port)};
       }},
  };
  write_file(dir / "scrape.yml", "scrape_configs: []\n");
  for (const auto& [program, args] : programs) {
    SCOPED_TRACE(program);
    auto started = start_listening(program, args, dir.path(), "/health", "OK", listed_binary(program, "1.112.0"));
    EXPECT_TRUE(started.child->running());
    started.child->stop(5s);
  }
}

TEST(RealPrograms, Debian13PrometheusPrintsItsVersion) {
  TempDir dir;
  auto prometheus = rwchaos::harness::ChildProcess::start(
      {.name = "prometheus", .argv = {listed_binary("prometheus", "2.53.3").string(), "--version"},
       .log_file = dir / "version.log"});
  wait_until(10s, [&] { return !prometheus->running(); });
  EXPECT_EQ(prometheus->exit_status(), 0);
  EXPECT_NE(prometheus->log_tail().find("prometheus, version 2.53.3"), std::string::npos) << prometheus->log_tail();
}
