#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "harness/scenario/scenario_loader.hpp"
#include "harness/scenario/scenario_overrides.hpp"
#include "harness/tests/good_scenarios.hpp"

namespace rwchaos::harness {
namespace {

TEST(ScenarioLoader, FullFileLoadsEveryField) {
  const Scenario s = load_scenario_file(test::good_scenarios_dir + "full.yaml");
  EXPECT_EQ(s.file, test::good_scenarios_dir + "full.yaml");
  EXPECT_EQ(s.name, "uc503-after-commit");
  EXPECT_NE(s.description.find("503 UC"), std::string::npos);
  ASSERT_TRUE(s.rule.has_value());
  EXPECT_EQ(s.rule->level, "MUST");
  EXPECT_EQ(s.rule->text, "Senders MUST retry write requests on HTTP 5xx responses");
  EXPECT_EQ(s.rule->source, "https://prometheus.io/docs/concepts/remote_write_spec/#retries-backoff");
  EXPECT_EQ(s.client.kind, "vmalert");
  EXPECT_EQ(s.client.binary, "/opt/vmalert");
  EXPECT_EQ(s.client.args, (std::vector<std::string>{"-remoteWrite.retryMinInterval=500ms", "-remoteWrite.retryMaxTime=20s"}));
  EXPECT_EQ(s.client.interval, Duration(2000));
  EXPECT_EQ(s.client.send_timeout, Duration(30000));
  EXPECT_EQ(s.storage, "none");
  EXPECT_EQ(s.hop.kind, "haproxy");
  EXPECT_EQ(s.hop.retries, 2);
  EXPECT_EQ(s.hop.server_keepalive, Duration(5000));
  EXPECT_EQ(s.seed, 42u);
  EXPECT_EQ(s.duration, Duration(30000));
  EXPECT_EQ(s.settle, Duration(15000));
  ASSERT_EQ(s.phases.size(), 2u);
  EXPECT_EQ(s.phases[0].at, Duration(0));
  EXPECT_EQ(s.phases[1].at, Duration(20000));
  EXPECT_EQ(s.phases[0].fault_count, 1u);
  EXPECT_EQ(s.phases[1].fault_count, 0u);
  EXPECT_FALSE(s.phases[0].implicit);
  ASSERT_EQ(s.expect.size(), 4u);
  EXPECT_EQ(s.expect.at("lost").min, 0.0);
  EXPECT_TRUE(s.expect.at("lost").exact());
  EXPECT_EQ(s.expect.at("retries").min, 1.0);
  EXPECT_FALSE(s.expect.at("retries").max.has_value());
  EXPECT_EQ(s.expect.at("retry_intervals_ms").max, 60000.0);
}

TEST(ScenarioLoader, PhaseFaultsAreReemittedWithUpstreamEntriesAppended) {
  const Scenario s = load_scenario_file(test::good_scenarios_dir + "full.yaml");
  const YAML::Node first = YAML::Load(s.phases[0].faults_yaml);
  ASSERT_TRUE(first.IsSequence());
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0]["action"].as<std::string>(), "respond");
  EXPECT_EQ(first[0]["status"].as<int>(), 503);
  EXPECT_EQ(first[0]["when"]["requests"].as<std::string>(), "3-5");
  EXPECT_EQ(first[1]["action"].as<std::string>(), "idle_close");
  EXPECT_EQ(first[1]["after"].as<std::string>(), "1m");
  EXPECT_EQ(first[1]["jitter"].as<std::string>(), "500ms");
  const YAML::Node second = YAML::Load(s.phases[1].faults_yaml);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0]["action"].as<std::string>(), "idle_close");
  const YAML::Node upstream = YAML::Load(s.upstream_faults_yaml);
  ASSERT_EQ(upstream.size(), 1u);
  EXPECT_EQ(upstream[0]["after"].as<std::string>(), "1m");
}

TEST(ScenarioLoader, MinimalFileGetsDefaultsAndOneImplicitPhase) {
  const Scenario s = load_scenario_file(test::good_scenarios_dir + "minimal.yaml");
  EXPECT_EQ(s.name, "baseline");
  EXPECT_EQ(s.client.kind, "vmagent");
  EXPECT_EQ(s.client.interval, Duration(1000));
  EXPECT_EQ(s.client.send_timeout, Duration(0));
  EXPECT_EQ(s.storage, "victoria-metrics");
  EXPECT_EQ(s.hop.kind, "none");
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.duration, Duration(30000));
  EXPECT_EQ(s.settle, Duration(10000));
  EXPECT_FALSE(s.rule.has_value());
  ASSERT_EQ(s.phases.size(), 1u);
  EXPECT_TRUE(s.phases[0].implicit);
  EXPECT_EQ(s.phases[0].at, Duration(0));
  EXPECT_EQ(YAML::Load(s.phases[0].faults_yaml).size(), 0u);
  EXPECT_EQ(s.upstream_faults_yaml, "[]");
}

TEST(ScenarioLoader, CommandClientAndLateFirstPhase) {
  const Scenario s = load_scenario_file(test::good_scenarios_dir + "command.yaml");
  EXPECT_EQ(s.client.kind, "command");
  EXPECT_EQ(s.client.argv, (std::vector<std::string>{"./my-sender", "--url", "{{upstream_url}}"}));
  EXPECT_EQ(s.client.expected_series, (std::vector<std::string>{"rw_test_counter", "rw_test_gauge"}));
  EXPECT_EQ(s.client.expected_samples_per_series, 30u);
  EXPECT_EQ(s.hop.kind, "haproxy");
  EXPECT_EQ(s.hop.retries, 0);
  // The first written phase starts at 10s: an implicit phase covers 0s-10s with the upstream entries.
  ASSERT_EQ(s.phases.size(), 2u);
  EXPECT_TRUE(s.phases[0].implicit);
  EXPECT_EQ(s.phases[1].at, Duration(10000));
  const YAML::Node implicit = YAML::Load(s.phases[0].faults_yaml);
  ASSERT_EQ(implicit.size(), 2u);
  EXPECT_EQ(implicit[0]["action"].as<std::string>(), "idle_close");
  EXPECT_EQ(implicit[0]["after"].as<std::string>(), "2s");
  EXPECT_EQ(implicit[1]["action"].as<std::string>(), "latency");
  const YAML::Node written = YAML::Load(s.phases[1].faults_yaml);
  ASSERT_EQ(written.size(), 3u);
  EXPECT_EQ(written[0]["how"].as<std::string>(), "rst");
  EXPECT_EQ(s.expect.at("duplicated").max, 10.0);
}

TEST(ScenarioLoader, ErrorMessageNamesFileLineColumnAndField) {
  try {
    load_scenario_text("name: x\nclient: vmalert\nexpect: {lost: lots}\n", "suites/x.yaml");
    FAIL() << "expected an error";
  } catch (const InvalidInput& error) {
    EXPECT_EQ(std::string(error.what()), "suites/x.yaml:3:16: field 'expect.lost': expected a number or {min, max}, got \"lots\"");
  }
}

TEST(ScenarioLoader, UnknownKeySuggestsTheClosestKnownKey) {
  try {
    load_scenario_text("name: x\nclient: vmalert\nexpect: {silent_los: 0}\n", "x.yaml");
    FAIL() << "expected an error";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("did you mean 'silent_loss'?"), std::string::npos) << error.what();
  }
}

std::vector<std::string> errors_of(const std::string& text) {
  try {
    load_scenario_text(text, "x.yaml");
  } catch (const InvalidInput& error) {
    return error.list().lines();
  }
  ADD_FAILURE() << "loaded without error:\n" << text;
  return {};
}

TEST(ScenarioLoader, ReportsEveryErrorOfAFileWithItsLine) {
  EXPECT_EQ(errors_of("name: x\n"
                      "client: {kind: vmalert, interval: 0.4ms}\n"
                      "duration: 30x\n"
                      "expect: {lost: lots}\n"),
            (std::vector<std::string>{
                "x.yaml:2:35: field 'client.interval': \"0.4ms\" is finer than a millisecond, the smallest step of a duration",
                "x.yaml:3:11: field 'duration': expected a duration like 500ms, 30s or 1m30s, got \"30x\" (unknown unit \"x\"; units: ms, s, m, h)",
                "x.yaml:4:16: field 'expect.lost': expected a number or {min, max}, got \"lots\""}));
}

TEST(ScenarioLoader, FaultEntryErrorsAreReportedLikeEveryOther) {
  const auto lines = errors_of("name: x\nclient: vmalert\nphases:\n  - at: 0s\n    faults:\n"
                               "      - {action: respond, status: 503, status: 200}\n"
                               "      - {action: respond, comit: true}\n"
                               "expect: {lost: 0}\n");
  EXPECT_EQ(lines, (std::vector<std::string>{
      "x.yaml:6:40: field 'phases[0].faults[0].status': duplicate key (first on line 6)",
      "x.yaml:7:27: field 'phases[0].faults[1].comit': unknown key; did you mean 'commit'? "
      "(allowed: action, body, status, retry_after, headers, commit, when)"}));
}

TEST(ScenarioLoader, ABadDurationDoesNotAlsoBlameThePhasesMeasuredAgainstIt) {
  EXPECT_EQ(errors_of("name: x\nclient: vmalert\nduration: 1x\nphases: [{at: 40s, faults: []}]\nexpect: {lost: 0}\n").size(), 1u);
  EXPECT_EQ(errors_of("name: x\nclient: vmalert\nphases: [{at: 40s, faults: []}]\nexpect: {lost: 0}\n"),
            (std::vector<std::string>{"x.yaml:3:15: field 'phases[0].at': must be earlier than duration (30s)"}));
}

TEST(ScenarioLoader, ManyErrorsArePrintedTwentyThenCounted) {
  std::string text = "name: x\nclient: vmalert\nexpect:\n";
  for (int i = 0; i < 25; ++i) text += "  bad" + std::to_string(i) + ": 0\n";
  const auto lines = errors_of(text);
  ASSERT_EQ(lines.size(), 21u);
  EXPECT_EQ(lines[0].rfind("x.yaml:4:3: field 'expect.bad0': unknown key", 0), 0u) << lines[0];
  EXPECT_EQ(lines[20], "x.yaml: ... and 5 more errors");
}

TEST(ScenarioLoader, FolderExpandsToSortedYamlFilesWithoutRecursing) {
  const auto files = expand_scenario_paths({test::good_scenarios_dir});
  ASSERT_EQ(files.size(), 3u);
  EXPECT_NE(files[0].find("command.yaml"), std::string::npos);
  EXPECT_NE(files[1].find("full.yaml"), std::string::npos);
  EXPECT_NE(files[2].find("minimal.yaml"), std::string::npos);
  EXPECT_THROW(expand_scenario_paths({test::good_scenarios_dir + "does-not-exist"}), InvalidInput);
}

TEST(ScenarioLoader, LoadPathsCollectsScenariosAndErrors) {
  const auto loaded = load_scenario_paths({test::good_scenarios_dir, std::string(RWCHAOS_SOURCE_DIR) + "/harness/tests/data/broken/bad_name.yaml"});
  EXPECT_EQ(loaded.scenarios.size(), 3u);
  ASSERT_EQ(loaded.errors.size(), 1u);
  ASSERT_EQ(loaded.errors[0].total(), 1u);
  EXPECT_EQ(loaded.errors[0].errors()[0].field, "name");
}

TEST(ScenarioOverrides, ClientKindReplacesTheClientAndSeedReplacesTheSeed) {
  Scenario s = load_scenario_file(test::good_scenarios_dir + "full.yaml");
  EXPECT_FALSE(check_overrides({"prometheus", 7}).has_value());
  EXPECT_FALSE(apply_overrides(s, {"prometheus", 7}).has_value());
  EXPECT_EQ(s.client.kind, "prometheus");
  EXPECT_TRUE(s.client.binary.empty());  // vmalert's binary and flags do not fit prometheus
  EXPECT_TRUE(s.client.args.empty());
  EXPECT_EQ(s.client.interval, Duration(2000));
  EXPECT_EQ(s.client.send_timeout, Duration(30000));
  EXPECT_EQ(s.seed, 7u);
}

TEST(ScenarioOverrides, SameKindKeepsBinary) {
  Scenario s = load_scenario_file(test::good_scenarios_dir + "full.yaml");
  EXPECT_FALSE(apply_overrides(s, {"vmalert", std::nullopt}).has_value());
  EXPECT_EQ(s.client.binary, "/opt/vmalert");
  EXPECT_EQ(s.seed, 42u);
}

// The flag is to blame, not a scenario file, and only what the flag takes is listed.
TEST(ScenarioOverrides, ABadClientNamesTheFlagAndWhatItAccepts) {
  EXPECT_EQ(check_overrides({"nosuch", std::nullopt}),
            "--client: unknown client 'nosuch' (accepts: vmalert, vmagent, prometheus, reference)");
  EXPECT_EQ(check_overrides({"command", std::nullopt}),
            "--client: 'command' needs an argv, which only a scenario file can give (accepts: vmalert, vmagent, prometheus, reference)");
  EXPECT_FALSE(check_overrides({"", 3}).has_value());
  for (const auto& kind : override_client_kinds()) EXPECT_FALSE(check_overrides({kind, std::nullopt}).has_value()) << kind;
}

TEST(ScenarioOverrides, AClientThatCannotHonourTheSendTimeoutIsRefused) {
  Scenario s = load_scenario_text("name: t\nclient: {kind: vmagent, send_timeout: 10s}\nexpect: {lost: 0}\n", "t.yaml");
  const auto refused = apply_overrides(s, {"vmalert", std::nullopt});
  ASSERT_TRUE(refused.has_value());
  EXPECT_NE(refused->find("--client vmalert: t.yaml: client.send_timeout: vmalert 1.79.5's remote-write timeout is a fixed 30s"),
            std::string::npos)
      << *refused;
  EXPECT_EQ(s.client.kind, "vmagent");
  EXPECT_FALSE(apply_overrides(s, {"prometheus", std::nullopt}).has_value());
  EXPECT_EQ(s.client.send_timeout, Duration(10000));
}

TEST(ScenarioLoader, ReferenceMisbehavioursAreReadAndUnknownNamesLocated) {
  const Scenario s =
      load_scenario_text("name: t\nclient: {kind: reference, misbehave: [rebatch, no-retry]}\nexpect: {lost: 0}\n", "t.yaml");
  EXPECT_EQ(s.client.misbehave, (std::vector<std::string>{"rebatch", "no-retry"}));
  const auto unknown = errors_of("name: t\nclient: {kind: reference, misbehave: [rebatch, retry-4x]}\nexpect: {lost: 0}\n");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].rfind("x.yaml:2:48: field 'client.misbehave[1]': unknown misbehaviour \"retry-4x\" (known: retry-4xx, ", 0), 0u)
      << unknown[0];
  const auto other = errors_of("name: t\nclient: {kind: vmagent, misbehave: [rebatch]}\nexpect: {lost: 0}\n");
  ASSERT_EQ(other.size(), 1u);
  EXPECT_NE(other[0].find("only the reference sender misbehaves on request"), std::string::npos) << other[0];
}

TEST(ScenarioOverrides, ReferenceTakesMisbehavioursAfterAColon) {
  EXPECT_FALSE(check_overrides({"reference:rebatch,no-retry", std::nullopt}).has_value());
  EXPECT_EQ(check_overrides({"reference:nope", std::nullopt}).value_or("").rfind(
                "--client reference:nope: unknown misbehaviour \"nope\" (known: retry-4xx, ", 0),
            0u);
  EXPECT_NE(check_overrides({"reference:", std::nullopt}).value_or("").find("empty misbehaviour name"), std::string::npos);
  EXPECT_NE(check_overrides({"vmagent:rebatch", std::nullopt}).value_or("").find("only the reference sender misbehaves"),
            std::string::npos);
  Scenario s = load_scenario_text("name: t\nclient: {kind: vmalert, interval: 2s}\nexpect: {lost: 0}\n", "t.yaml");
  EXPECT_FALSE(apply_overrides(s, {"reference:rebatch", std::nullopt}).has_value());
  EXPECT_EQ(s.client.kind, "reference");
  EXPECT_EQ(s.client.misbehave, (std::vector<std::string>{"rebatch"}));
  EXPECT_EQ(s.client.interval, Duration(2000));
}

}  // namespace
}  // namespace rwchaos::harness
