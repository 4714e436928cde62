// The user's own client config as input: a flags file (vmalert, vmagent) and the remote_write entry
// of a prometheus.yml, with the errors a bad one gives (file, line and field).
#include <fstream>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "harness/clients/client_launch.hpp"
#include "harness/clients/client_registry.hpp"
#include "harness/clients/prometheus_remote_write.hpp"
#include "harness/scenario/scenario_loader.hpp"
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness {
namespace {

const char* body = "\nphases: [{at: 0s, faults: []}]\nduration: 2s\nexpect: {lost: 0}\n";

struct Files {
  e2e::WorkDir work{"user-config"};
  void write(const std::string& name, const std::string& text) { std::ofstream(work.path() / name) << text; }
  std::string scenario_path() const { return (work.path() / "s.yaml").string(); }
  Scenario load(const std::string& client) {
    write("s.yaml", "name: a\nclient: " + client + body);
    return load_scenario_file(scenario_path());
  }
  std::string error(const std::string& client) {
    try {
      load(client);
    } catch (const InvalidInput& error) {
      return error.what();
    }
    return "";
  }
};

std::vector<std::string> argv_of(const Scenario& s, const std::filesystem::path& run_dir) {
  ClientContext ctx{.client = s.client, .run_dir = run_dir, .binary = "/bin/" + s.client.kind,
                    .write_url = "http://127.0.0.1:1/api/v1/write"};
  return prepare_launch(*find_client_adapter(s.client.kind), ctx).spec.argv;
}

TEST(ClientFlagsFile, ItsFlagsFollowTheHarnessFlagsAndPrecedeArgs) {
  Files files;
  files.write("vmagent.flags", "# our production flags\n-remoteWrite.maxDiskUsagePerURL=1GB\n\n  -remoteWrite.queues=4\n");
  const Scenario s = files.load("{kind: vmagent, flags_file: vmagent.flags, args: [-remoteWrite.queues=2]}");
  ASSERT_EQ(s.client.file_flags.size(), 2u);
  EXPECT_EQ(s.client.file_flags[1].line, 4);
  const auto argv = argv_of(s, files.work.path());
  const auto file_flag = std::find(argv.begin(), argv.end(), "-remoteWrite.queues=4");
  const auto arg = std::find(argv.begin(), argv.end(), "-remoteWrite.queues=2");
  ASSERT_NE(file_flag, argv.end());
  ASSERT_NE(arg, argv.end());
  EXPECT_LT(file_flag, arg);  // Go's flag package keeps the last: args win over the file
  EXPECT_LT(std::find_if(argv.begin(), argv.end(), [](const auto& a) { return a.starts_with("-remoteWrite.url="); }), file_flag);
}

TEST(ClientFlagsFile, AFlagTheHarnessOwnsIsRefusedNamingFileLineAndFlag) {
  Files files;
  files.write("vmalert.flags", "-remoteWrite.concurrency=2\n-remoteWrite.url=http://vm:8428\n");
  const std::string error = files.error("{kind: vmalert, flags_file: vmalert.flags}");
  EXPECT_NE(error.find("vmalert.flags:2:1"), std::string::npos) << error;
  EXPECT_NE(error.find("client.flags_file"), std::string::npos) << error;
  EXPECT_NE(error.find("-remoteWrite.url is set by the harness"), std::string::npos) << error;
}

TEST(ClientFlagsFile, AFlagTheVersionLacksIsRefusedNamingTheVersionsThatHaveIt) {
  Files files;
  // -remoteWrite.sendTimeout is new in vmalert 1.112 (app/vmalert/remotewrite/client.go).
  files.write("vmalert.flags", "-remoteWrite.sendTimeout=10s\n");
  const std::string error = files.error("{kind: vmalert, flags_file: vmalert.flags}");
  EXPECT_NE(error.find("vmalert.flags:1"), std::string::npos) << error;
  EXPECT_NE(error.find("vmalert 1.79.5 has no flag -remoteWrite.sendTimeout (1.112.0 has it)"), std::string::npos) << error;
  EXPECT_NO_THROW(files.load("{kind: vmalert, version: 1.112.0, flags_file: vmalert.flags}"));
}

TEST(ClientFlagsFile, BadLinesAndMissingFilesAreLocated) {
  Files files;
  files.write("bad.flags", "remoteWrite.queues=2\n-remoteWrite.label=\"a=b\"\n");
  const std::string error = files.error("{kind: vmagent, flags_file: bad.flags}");
  EXPECT_NE(error.find("bad.flags:1:1"), std::string::npos) << error;
  EXPECT_NE(error.find("expected -flag=value"), std::string::npos) << error;
  EXPECT_NE(error.find("bad.flags:2:1"), std::string::npos) << error;
  EXPECT_NE(error.find("quotes included"), std::string::npos) << error;
  const std::string missing = files.error("{kind: vmagent, flags_file: nowhere.flags}");
  EXPECT_NE(missing.find("client.flags_file"), std::string::npos) << missing;
  EXPECT_NE(missing.find("nowhere.flags"), std::string::npos) << missing;
  const std::string prometheus = files.error("{kind: prometheus, flags_file: bad.flags}");
  EXPECT_NE(prometheus.find("only for vmalert and vmagent"), std::string::npos) << prometheus;
}

const char* two_entries = R"(global:
  scrape_interval: 15s
remote_write:
  - url: https://prod.example/api/v1/write
    name: prod
    # keep our tuning
    queue_config:
      max_shards: 4
      min_backoff: 50ms
      max_backoff: 2s
      retry_on_http_429: true
    write_relabel_configs:
      - source_labels: [__name__]
        regex: "up|rwchaos_.*"
        action: keep
  - url: https://backup.example/api/v1/write
    name: backup
    remote_timeout: 10s
scrape_configs: []
)";

TEST(PrometheusRemoteWrite, TheNamedEntryIsKeptLineForLineUnderTheHarnessUrl) {
  Files files;
  files.write("prometheus.yml", two_entries);
  const Scenario s = files.load("{kind: prometheus, remote_write: prometheus.yml, remote_write_name: prod}");
  EXPECT_NE(s.client.remote_write_entry.find("    # keep our tuning\n"), std::string::npos) << s.client.remote_write_entry;
  EXPECT_NE(s.client.remote_write_entry.find("        regex: \"up|rwchaos_.*\"\n"), std::string::npos);
  EXPECT_EQ(s.client.remote_write_entry.find("prod.example"), std::string::npos);
  argv_of(s, files.work.path());  // writes prometheus.yaml
  const YAML::Node written = YAML::LoadFile((files.work.path() / "prometheus.yaml").string());
  ASSERT_EQ(written["remote_write"].size(), 1u);
  const YAML::Node entry = written["remote_write"][0];
  EXPECT_EQ(entry["url"].as<std::string>(), "http://127.0.0.1:1/api/v1/write");
  EXPECT_EQ(entry["name"].as<std::string>(), "prod");
  EXPECT_EQ(entry["queue_config"]["min_backoff"].as<std::string>(), "50ms");
  EXPECT_EQ(entry["queue_config"]["retry_on_http_429"].as<bool>(), true);
  EXPECT_EQ(entry["write_relabel_configs"][0]["action"].as<std::string>(), "keep");
  EXPECT_FALSE(entry["queue_config"]["batch_send_deadline"]);  // the harness's own tuning is not added
}

TEST(PrometheusRemoteWrite, SeveralEntriesNeedANameAndAFlowEntryIsReEmitted) {
  Files files;
  files.write("prometheus.yml", two_entries);
  const std::string error = files.error("{kind: prometheus, remote_write: prometheus.yml}");
  EXPECT_NE(error.find("prometheus.yml:3:1"), std::string::npos) << error;
  EXPECT_NE(error.find("give client.remote_write_name"), std::string::npos) << error;
  EXPECT_NE(error.find("prod, backup"), std::string::npos) << error;
  const std::string unnamed = files.error("{kind: prometheus, remote_write: prometheus.yml, remote_write_name: qa}");
  EXPECT_NE(unnamed.find("no entry has name: qa"), std::string::npos) << unnamed;
  const RemoteWriteEntry flow =
      read_remote_write_entry("remote_write: [{url: http://x/w, remote_timeout: 7s}]\n", "p.yml", "");
  ASSERT_TRUE(flow.errors.empty());
  EXPECT_FALSE(flow.kept_as_written);
  EXPECT_TRUE(flow.sets_remote_timeout);
  EXPECT_EQ(YAML::Load(remote_write_section("http://h/w", flow.yaml))["remote_write"][0]["remote_timeout"].as<std::string>(), "7s");
}

TEST(PrometheusRemoteWrite, BadFilesAreLocated) {
  Files files;
  files.write("broken.yml", "remote_write:\n  - url: [\n");
  const std::string syntax = files.error("{kind: prometheus, remote_write: broken.yml}");
  EXPECT_NE(syntax.find("broken.yml:"), std::string::npos) << syntax;
  EXPECT_NE(syntax.find("YAML syntax"), std::string::npos) << syntax;
  files.write("none.yml", "global: {}\n");
  const std::string empty = files.error("{kind: prometheus, remote_write: none.yml}");
  EXPECT_NE(empty.find("expected a list of at least one remote_write entry"), std::string::npos) << empty;
  files.write("relative.yml", "remote_write:\n  - url: http://x/w\n    bearer_token_file: token\n");
  const std::string relative = files.error("{kind: prometheus, remote_write: relative.yml}");
  EXPECT_NE(relative.find("relative.yml:3:24"), std::string::npos) << relative;
  EXPECT_NE(relative.find("remote_write[0].bearer_token_file"), std::string::npos) << relative;
  const std::string other = files.error("{kind: vmagent, remote_write: none.yml}");
  EXPECT_NE(other.find("only for prometheus"), std::string::npos) << other;
}

}  // namespace
}  // namespace rwchaos::harness
