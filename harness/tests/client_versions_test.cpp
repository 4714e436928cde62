// KIND@VERSION and client.version: each version's facts on the adapter (harness/clients/*.cpp),
// checked when a scenario is loaded and when --client overrides it; storage_version.
#include <cstdio>
#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "harness/clients/binaries.hpp"
#include "harness/clients/client_launch.hpp"
#include "harness/clients/flag_lists.hpp"
#include "harness/clients/client_registry.hpp"
#include "harness/scenario/scenario_loader.hpp"
#include "harness/scenario/scenario_overrides.hpp"
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness {
namespace {

std::string first_error(const std::string& text) {
  try {
    load_scenario_text(text, "s.yaml");
  } catch (const InvalidInput& error) {
    return error.what();
  }
  return "";
}

const char* scenario_tail = "\nphases: [{at: 0s, faults: []}]\nduration: 2s\nexpect: {lost: 0}\n";

TEST(ClientVersions, KindAtVersionAndVersionKeyNameTheSameClient) {
  const Scenario at = load_scenario_text(std::string("name: a\nclient: vmalert@1.112.0") + scenario_tail, "s.yaml");
  EXPECT_EQ(at.client.kind, "vmalert");
  EXPECT_EQ(at.client.version, "1.112.0");
  const Scenario keyed = load_scenario_text(std::string("name: a\nclient: {kind: vmagent, version: 1.112.0}") + scenario_tail, "s.yaml");
  EXPECT_EQ(keyed.client.kind, "vmagent");
  EXPECT_EQ(keyed.client.version, "1.112.0");
  const Scenario plain = load_scenario_text(std::string("name: a\nclient: prometheus") + scenario_tail, "s.yaml");
  EXPECT_EQ(plain.client.version, "");
  const ClientVersion* version = find_client_version(*find_client_adapter("prometheus"), plain.client);
  ASSERT_NE(version, nullptr);
  EXPECT_EQ(version->version, "2.42.0");  // the default stays the older one
  EXPECT_EQ(find_client_version(*find_client_adapter("vmalert"), {.kind = "vmalert"})->version, "1.79.5");
}

TEST(ClientVersions, AnUnknownVersionIsALocatedErrorListingTheKnownOnes) {
  const std::string error = first_error(std::string("name: a\nclient: {kind: vmalert, version: 1.2.3}") + scenario_tail);
  EXPECT_NE(error.find("s.yaml:2:"), std::string::npos) << error;
  EXPECT_NE(error.find("client.version"), std::string::npos) << error;
  EXPECT_NE(error.find("1.79.5 (default), 1.112.0"), std::string::npos) << error;
  const std::string shorthand = first_error(std::string("name: a\nclient: prometheus@3.0.0") + scenario_tail);
  EXPECT_NE(shorthand.find("2.42.0 (default), 2.53.3"), std::string::npos) << shorthand;
  const std::string twice = first_error(std::string("name: a\nclient: {kind: vmalert@1.112.0, version: 1.79.5}") + scenario_tail);
  EXPECT_NE(twice.find("kind already names version 1.112.0"), std::string::npos) << twice;
}

TEST(ClientVersions, TheCommandLineNamesTheFlagAndTheKnownVersions) {
  const auto bad = check_overrides({.client = "vmagent@1.0.0"});
  ASSERT_TRUE(bad.has_value());
  EXPECT_NE(bad->find("--client vmagent@1.0.0"), std::string::npos) << *bad;
  EXPECT_NE(bad->find("1.79.5 (default), 1.112.0"), std::string::npos) << *bad;
  EXPECT_FALSE(check_overrides({.client = "prometheus@2.53.3"}).has_value());
  EXPECT_FALSE(check_overrides({.client = "vmalert"}).has_value());
}

// `--client` takes a version and, for the reference sender, misbehaviours: each is checked against its
// own kind (the reference sender is this binary and has no versions; only it misbehaves).
TEST(ClientVersions, AVersionAndMisbehavioursAreEachCheckedAgainstTheKind) {
  const auto versioned_reference = check_overrides({.client = "reference@1.0.0"});
  ASSERT_TRUE(versioned_reference.has_value());
  EXPECT_NE(versioned_reference->find("--client reference@1.0.0: reference has no versions"), std::string::npos)
      << *versioned_reference;
  const auto misbehaving_vmalert = check_overrides({.client = "vmalert@1.112.0:rebatch"});
  ASSERT_TRUE(misbehaving_vmalert.has_value());
  EXPECT_NE(misbehaving_vmalert->find("only the reference sender misbehaves"), std::string::npos) << *misbehaving_vmalert;
  const auto unknown_version = check_overrides({.client = "vmalert@9.9.9:rebatch"});
  ASSERT_TRUE(unknown_version.has_value());
  EXPECT_NE(unknown_version->find("vmalert has no version '9.9.9'"), std::string::npos) << *unknown_version;
  const std::string in_file = first_error(std::string("name: a\nclient: reference@1.0.0") + scenario_tail);
  EXPECT_NE(in_file.find("reference has no versions (it is this rwchaos binary)"), std::string::npos) << in_file;
  // Misbehaviours start a fresh client even of the same kind; the plain kind keeps the scenario's.
  Scenario s = load_scenario_text(std::string("name: a\nclient: {kind: reference, misbehave: [no-retry]}") + scenario_tail, "s.yaml");
  ASSERT_FALSE(apply_overrides(s, {.client = "reference:rebatch"}).has_value());
  EXPECT_EQ(s.client.misbehave, std::vector<std::string>{"rebatch"});
  ASSERT_FALSE(apply_overrides(s, {.client = "reference"}).has_value());
  EXPECT_EQ(s.client.misbehave, std::vector<std::string>{"rebatch"});
}

TEST(ClientVersions, SendTimeoutIsAFlagOfVmalert1112AndFixedIn1795) {
  const std::string old = first_error(std::string("name: a\nclient: {kind: vmalert, send_timeout: 5s}") + scenario_tail);
  EXPECT_NE(old.find("vmalert 1.79.5's remote-write timeout is a fixed 30s"), std::string::npos) << old;
  Scenario s = load_scenario_text(std::string("name: a\nclient: {kind: vmalert, version: 1.112.0, send_timeout: 5s}") + scenario_tail, "s.yaml");
  e2e::WorkDir work("vmalert-timeout");
  ClientContext ctx{.client = s.client, .run_dir = work.path(), .binary = "/bin/vmalert",
                    .write_url = "http://127.0.0.1:1/api/v1/write"};
  const ClientLaunch launch = prepare_launch(*find_client_adapter("vmalert"), ctx);
  const auto& argv = launch.spec.argv;
  EXPECT_NE(std::find(argv.begin(), argv.end(), "-remoteWrite.sendTimeout=5000ms"), argv.end());
}

TEST(ClientVersions, OverridingTheVersionKeepsArgsAndDropsTheBinary) {
  Scenario s = load_scenario_text(
      std::string("name: a\nclient: {kind: vmalert, binary: /opt/vmalert, args: [-remoteWrite.retryMinInterval=1s]}") + scenario_tail,
      "s.yaml");
  ASSERT_FALSE(apply_overrides(s, {.client = "vmalert@1.112.0"}).has_value());
  EXPECT_EQ(s.client.version, "1.112.0");
  EXPECT_EQ(s.client.binary, "");
  EXPECT_EQ(s.client.args, std::vector<std::string>{"-remoteWrite.retryMinInterval=1s"});
  // vmalert 1.79.5 cannot take a send_timeout other than 30s: the override says so, naming the scenario.
  Scenario timed = load_scenario_text(std::string("name: a\nclient: {kind: vmagent, send_timeout: 5s}") + scenario_tail, "s.yaml");
  const auto refused = apply_overrides(timed, {.client = "vmalert@1.79.5"});
  ASSERT_TRUE(refused.has_value());
  EXPECT_NE(refused->find("--client vmalert@1.79.5: s.yaml: client.send_timeout"), std::string::npos) << *refused;
  EXPECT_EQ(timed.client.kind, "vmagent");
}

// The flag names `program -help` prints ("  -remoteWrite.url array", lib/flagutil's usage).
std::set<std::string> help_flags(const std::string& binary) {
  std::set<std::string> names;
  FILE* pipe = ::popen((binary + " -help 2>&1").c_str(), "r");
  if (!pipe) return names;
  static const std::regex flag_line(R"(^  -([A-Za-z0-9][A-Za-z0-9._-]*))");
  char line[4096];
  while (std::fgets(line, sizeof line, pipe)) {
    std::cmatch match;
    if (std::regex_search(line, match, flag_line)) names.insert(match[1]);
  }
  ::pclose(pipe);
  return names;
}

// harness/clients/flags/*.txt hold what each version's -help lists: a flags file is checked against
// them at validate time, so they must match the binaries they describe.
TEST(ClientVersions, EachFlagListIsWhatItsBinaryLists) {
  int checked = 0;
  for (const char* kind : {"vmalert", "vmagent"}) {
    const ClientAdapter& adapter = *find_client_adapter(kind);
    for (const auto& version : adapter.versions) {
      const ProgramLocation where = find_program_version(adapter.binary_name, version.version, version.is_default);
      if (!where.found()) continue;
      const std::set<std::string>* listed = flag_list(version.flag_list);
      ASSERT_NE(listed, nullptr) << version.flag_list;
      EXPECT_EQ(help_flags(where.path.string()), *listed) << kind << " " << version.version;
      ++checked;
    }
  }
  if (checked == 0) GTEST_SKIP() << "no vmalert or vmagent installed: run scripts/setup";
  EXPECT_EQ(checked, 4);
}

TEST(StorageVersion, PicksAKnownVictoriaMetricsVersionOnly) {
  const Scenario s = load_scenario_text(std::string("name: a\nclient: vmalert\nstorage_version: 1.112.0") + scenario_tail, "s.yaml");
  EXPECT_EQ(s.storage_version, "1.112.0");
  const std::string unknown = first_error(std::string("name: a\nclient: vmalert\nstorage_version: 1.2.3") + scenario_tail);
  EXPECT_NE(unknown.find("storage_version"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("1.79.5"), std::string::npos) << unknown;
  const std::string none = first_error(std::string("name: a\nclient: vmalert\nstorage: none\nstorage_version: 1.112.0") + scenario_tail);
  EXPECT_NE(none.find("only for storage victoria-metrics"), std::string::npos) << none;
}

}  // namespace
}  // namespace rwchaos::harness
