// The user's own prometheus.yml as the input (docs/scenario.md `remote_write`): the same scenario
// run with Prometheus' defaults and with a team's remote_write entry that turns retry_on_http_429 on,
// then diffed as a config change. With the default, 2.42 drops a 429'd batch (storage/remote/client.go
// retries a 429 only when retryOnRateLimit is set): retry-429-after is not_taken. With the entry it
// retries and sleeps what Retry-After asks (retryAfterDuration, sendWriteRequestWithBackoff in
// queue_manager.go): pass. Real Prometheus 2.42.0 and storage.
#include "harness/tests/e2e/opt_in.hpp"
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness::e2e {
namespace {

// A team's file: scrape jobs and external labels (not the harness's business), and the one
// remote_write entry under review, its URL the production one (the harness puts its own).
const char* team_prometheus_yml = R"(# prometheus.yml of a team writing to VictoriaMetrics
global:
  scrape_interval: 30s
  external_labels:
    cluster: prod-eu-1
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ["node-exporter:9100"]
remote_write:
  - url: http://vminsert.monitoring.svc:8480/insert/0/prometheus/api/v1/write
    name: vminsert
    remote_timeout: 30s
    queue_config:
      capacity: 2500
      max_shards: 8
      max_samples_per_send: 500
      batch_send_deadline: 1s   # a write a second, as the scenario's request windows assume
      min_backoff: 30ms
      max_backoff: 5s
      retry_on_http_429: true   # the change under review
)";

// suites/conformance/retry-429-after.yaml with `client` replaced.
fs::path scenario_with_client(const WorkDir& work, const std::string& name, const std::string& client) {
  std::string text = read_text(fs::path(RWCHAOS_SOURCE_DIR) / "suites" / "conformance" / "retry-429-after.yaml");
  const auto at = text.find("\nclient: ");
  const auto end = text.find('\n', at + 1);
  EXPECT_NE(at, std::string::npos);
  text.replace(at + 1, end - at - 1, "client: " + client);
  const fs::path folder = work.path() / name;
  fs::create_directories(folder);
  std::ofstream(folder / "retry-429-after.yaml") << text;
  return folder;
}

nlohmann::json report_of(const WorkDir& work, const std::string& name) {
  return nlohmann::json::parse(read_text(work.path() / ("results-" + name) / "retry-429-after" / "report.json"));
}

TEST(UserPrometheusConfig, RetryOn429InTheTeamsRemoteWriteEntryTurnsNotTakenIntoPass) {
  RWCHAOS_REQUIRE_E2E();
  RWCHAOS_REQUIRE_PROGRAMS("prometheus", "victoria-metrics");
  WorkDir work("user-prometheus-config");
  const fs::path defaults = scenario_with_client(work, "defaults", "{kind: prometheus}");
  // The config repo's layout: prometheus.yml at its root, the scenarios in a folder of their own
  // (`rwchaos run FOLDER` takes every YAML file in FOLDER for a scenario).
  std::ofstream(work.path() / "prometheus.yml") << team_prometheus_yml;
  const fs::path team =
      scenario_with_client(work, "team", "{kind: prometheus, remote_write: ../prometheus.yml, remote_write_name: vminsert}");
  auto default_run = start_named_run(work, "results-defaults", {defaults.string()});
  auto team_run = start_named_run(work, "results-team", {team.string()});
  ASSERT_EQ(wait_exit(*default_run, 120s), 0) << read_text(work.path() / "results-defaults.out");  // not_taken exits 0
  ASSERT_EQ(wait_exit(*team_run, 120s), 0) << read_text(work.path() / "results-team.out");

  const nlohmann::json before = report_of(work, "defaults");
  EXPECT_EQ(before["verdict"], "not_taken") << before.dump(2);
  EXPECT_EQ(before["counts"]["retried_429"], 0);
  const nlohmann::json after = report_of(work, "team");
  EXPECT_EQ(after["verdict"], "pass") << after.dump(2);
  EXPECT_GE(after["counts"]["retried_429"].get<int>(), 1);
  EXPECT_EQ(after["counts"]["lost"], 0);
  for (const auto& interval : after["counts"]["retry_intervals_ms"]) EXPECT_GE(interval.get<double>(), 2900);
  // Prometheus ran the team's entry under the harness's URL.
  const std::string written = read_text(work.path() / "results-team" / "retry-429-after" / "prometheus.yaml");
  EXPECT_NE(written.find("retry_on_http_429: true   # the change under review"), std::string::npos) << written;
  EXPECT_EQ(written.find("vminsert.monitoring.svc"), std::string::npos) << written;

  const auto change = run_program({RWCHAOS_BINARY, "diff", "results-defaults", "results-team"}, work.path(),
                                  work.path() / "diff.out", 20s);
  EXPECT_EQ(change.exit_code, 0) << change.output;
  EXPECT_NE(change.output.find("| retry-429-after | prometheus 2.42.0 | not_taken → pass | 2 → 0 |"), std::string::npos)
      << change.output;
  EXPECT_NE(change.output.find("**No regression**: 1 scenario compared, 1 better"), std::string::npos) << change.output;
}

}  // namespace
}  // namespace rwchaos::harness::e2e
