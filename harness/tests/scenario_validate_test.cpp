#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "harness/scenario/validate_command.hpp"
#include "harness/tests/broken_corpus_support.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;
const std::string data_dir = std::string(RWCHAOS_SOURCE_DIR) + "/harness/tests/data/";

std::size_t count_lines(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) count += line.find(needle) != std::string::npos;
  return count;
}

TEST(ScenarioValidate, GoodFolderPrintsOkPerFileAndExitsZero) {
  std::ostringstream out, err;
  EXPECT_EQ(validate_paths({data_dir + "good"}, out, err), 0);
  EXPECT_EQ(count_lines(out.str(), "OK "), 3u) << out.str();
  EXPECT_EQ(err.str(), "");
}

TEST(ScenarioValidate, BrokenFolderPrintsEveryErrorOfEveryFileAndExitsTwo) {
  std::ostringstream out, err;
  EXPECT_EQ(validate_paths({data_dir + "broken"}, out, err), 2);
  std::size_t errors = 0;
  for (const auto& path : broken_corpus::files()) {
    const std::size_t expected = broken_corpus::expected_errors(path).size();
    EXPECT_EQ(count_lines(err.str(), path + ":"), expected) << path << "\n" << err.str();
    errors += expected;
  }
  EXPECT_EQ(count_lines(err.str(), data_dir + "broken/"), errors) << err.str();
  EXPECT_EQ(out.str(), "");
}

TEST(ScenarioValidate, OneBadFileAmongGoodOnesFailsTheWholeCall) {
  std::ostringstream out, err;
  EXPECT_EQ(validate_paths({data_dir + "good/minimal.yaml", data_dir + "broken/bad_duration.yaml"}, out, err), 2);
  EXPECT_EQ(count_lines(out.str(), "OK "), 1u);
  EXPECT_NE(err.str().find("bad_duration.yaml:4:11: field 'duration'"), std::string::npos) << err.str();
}

TEST(ScenarioValidate, MissingPathAndDuplicateNamesAreErrors) {
  std::ostringstream out, err;
  EXPECT_EQ(validate_paths({data_dir + "nope.yaml"}, out, err), 2);
  EXPECT_NE(err.str().find("no such file"), std::string::npos);
  std::ostringstream out2, err2;
  EXPECT_EQ(validate_paths({data_dir + "good/minimal.yaml", data_dir + "good/minimal.yaml"}, out2, err2), 2);
  EXPECT_NE(err2.str().find("also the name of"), std::string::npos) << err2.str();
}

TEST(ScenarioValidate, TwoFoldersMayReuseANameButOneFolderMayNot) {
  const fs::path dir = fs::temp_directory_path() / ("rwchaos-names-" + std::to_string(::getpid()));
  fs::create_directories(dir / "a");
  fs::create_directories(dir / "b");
  const std::string scenario = "name: same\nclient: vmalert\nexpect: {lost: 0}\n";
  std::ofstream(dir / "a" / "1.yaml") << scenario;
  std::ofstream(dir / "b" / "1.yaml") << scenario;
  std::ostringstream out, err;
  EXPECT_EQ(validate_paths({(dir / "a").string(), (dir / "b").string()}, out, err), 0) << err.str();
  std::ofstream(dir / "a" / "2.yaml") << scenario;
  std::ostringstream out2, err2;
  EXPECT_EQ(validate_paths({(dir / "a").string()}, out2, err2), 2);
  EXPECT_NE(err2.str().find("2.yaml: field 'name': \"same\" is also the name of"), std::string::npos) << err2.str();
  fs::remove_all(dir);
}

// What a client accepts is an adapter fact checked at validation, not found at launch: vmalert 1.79
// has one remote-write timeout, so another send_timeout is a located error naming the field.
TEST(ScenarioValidate, VmalertSendTimeoutOtherThanItsFixedOneIsALocatedError) {
  const fs::path dir = fs::temp_directory_path() / ("rwchaos-timeout-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "vmalert.yaml") << "name: t\nclient:\n  kind: vmalert\n  send_timeout: 10s\nexpect: {lost: 0}\n";
  std::ofstream(dir / "vmalert-30s.yaml") << "name: u\nclient: {kind: vmalert, send_timeout: 30s}\nexpect: {lost: 0}\n";
  std::ofstream(dir / "vmagent.yaml") << "name: v\nclient: {kind: vmagent, send_timeout: 10s}\nexpect: {lost: 0}\n";
  std::ostringstream out, err;
  EXPECT_EQ(validate_paths({(dir / "vmalert.yaml").string()}, out, err), 2);
  EXPECT_NE(err.str().find("vmalert.yaml:4:17: field 'client.send_timeout': vmalert 1.79.5's remote-write timeout is a "
                           "fixed 30s with no flag to change it"),
            std::string::npos)
      << err.str();
  EXPECT_NE(err.str().find("use 30s or leave send_timeout out"), std::string::npos) << err.str();
  std::ostringstream out2, err2;
  EXPECT_EQ(validate_paths({(dir / "vmalert-30s.yaml").string(), (dir / "vmagent.yaml").string()}, out2, err2), 0)
      << err2.str();
  fs::remove_all(dir);
}

// A file whose YAML has a top-level apiVersion/kind goes to the Istio validator, not the scenario
// loader (which would call `apiVersion` an unknown key).
TEST(ScenarioValidate, KubernetesManifestsAreRoutedToTheIstioValidator) {
  const fs::path dir = fs::temp_directory_path() / ("rwchaos-validate-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream(dir / "dr.yaml") << "apiVersion: networking.istio.io/v1beta1\nkind: DestinationRule\n"
                                      "metadata: {name: vminsert}\nspec: {host: vminsert}\n";
  }
  std::ostringstream out, err;
  validate_paths({(dir / "dr.yaml").string()}, out, err);
  EXPECT_EQ(err.str().find("unknown key"), std::string::npos) << err.str();
  EXPECT_EQ(err.str().find("field 'apiVersion'"), std::string::npos) << err.str();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rwchaos::harness
