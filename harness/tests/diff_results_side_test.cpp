// Reading one side of `rwchaos diff`: the three layouts, and every kind of bad input named.
#include <fstream>

#include <gtest/gtest.h>

#include "diff_support.hpp"
#include "harness/diff/results_side.hpp"

namespace rwchaos::harness {
namespace {

using test::scenario_report;
using test::TempFolder;

std::string error_of(const std::string& folder) {
  try {
    read_results_side(folder);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(DiffResultsSide, ReadsARunOfOneScenario) {
  TempFolder folder("side-one");
  folder.put("", scenario_report("alpha"));
  const auto side = read_results_side(folder.path().string());
  ASSERT_EQ(side.reports.size(), 1u);
  EXPECT_EQ(side.reports[0].report.scenario, "alpha");
  EXPECT_EQ(side.reports[0].file, folder.path() / "report.json");
}

TEST(DiffResultsSide, ReadsARunOfSeveralAndAFolderOfRuns) {
  TempFolder several("side-several");
  several.put("beta", scenario_report("beta"));
  several.put("alpha", scenario_report("alpha"));
  std::ofstream(several.path() / "summary.md") << "# not a report\n";
  const auto side = read_results_side(several.path().string());
  ASSERT_EQ(side.reports.size(), 2u);
  EXPECT_EQ(side.reports[0].report.scenario, "alpha");  // sorted by path: a stable order
  EXPECT_EQ(side.reports[1].report.scenario, "beta");

  TempFolder runs("side-runs");
  runs.put("vmalert/alpha", scenario_report("alpha"));
  runs.put("vmagent/alpha", scenario_report("alpha"));
  EXPECT_EQ(read_results_side(runs.path().string()).reports.size(), 2u);
}

TEST(DiffResultsSide, MissingFolderAndNoReportsAreNamed) {
  TempFolder empty("side-empty");
  EXPECT_EQ(error_of((empty.path() / "absent").string()), (empty.path() / "absent").string() + ": no such folder");
  EXPECT_NE(error_of(empty.path().string()).find(empty.path().string() + ": no report.json below this folder"),
            std::string::npos);
}

TEST(DiffResultsSide, MixedLayoutsAreRefusedNamingBothFiles) {
  TempFolder folder("side-mixed");
  folder.put("", scenario_report("alpha"));
  folder.put("beta", scenario_report("beta"));
  const std::string error = error_of(folder.path().string());
  EXPECT_NE(error.find("mixed layouts"), std::string::npos) << error;
  EXPECT_NE(error.find((folder.path() / "report.json").string()), std::string::npos) << error;
  EXPECT_NE(error.find((folder.path() / "beta" / "report.json").string()), std::string::npos) << error;
}

TEST(DiffResultsSide, TooDeepIsRefused) {
  TempFolder folder("side-deep");
  folder.put("a/b/c", scenario_report("alpha"));
  const std::string error = error_of(folder.path().string());
  EXPECT_NE(error.find("a/b/c/report.json: report.json deeper than a results folder holds"), std::string::npos) << error;
}

TEST(DiffResultsSide, MalformedReportsNameFileLineColumnAndField) {
  TempFolder folder("side-bad");
  std::filesystem::create_directories(folder.path() / "alpha");
  const auto file = (folder.path() / "alpha" / "report.json").string();
  const auto with = [&](const std::string& text) {
    std::ofstream(file, std::ios::trunc) << text;
    return error_of(folder.path().string());
  };
  EXPECT_NE(with("{\n  \"scenario\": \"alpha\",\n  \"verdict\": pass\n}").find(file + ":3:14: not JSON"), std::string::npos)
      << with("{\n  \"scenario\": \"alpha\",\n  \"verdict\": pass\n}");
  EXPECT_EQ(with("{\"scenario\": \"alpha\",\n \"verdict\": \"pass\",\n \"counts\": {\"lost\": \"none\"}}"),
            file + ":3:13: field 'counts.lost': expected a whole number of at least 0");
  // A `known` count may be null (not measured) but nothing else.
  EXPECT_EQ(with("{\"scenario\": \"alpha\",\n \"verdict\": \"pass\",\n \"counts\": {\"silent_loss\": \"none\"}}"),
            file + ":3:13: field 'counts.silent_loss': expected a whole number of at least 0, or null");
  EXPECT_EQ(with("{\"scenario\": \"alpha\", \"verdict\": \"pass\", \"counts\": {\"silent_loss\": null}}"), "(no error)");
  EXPECT_EQ(with("{\"scenario\": \"alpha\", \"verdict\": \"passed\"}"),
            file + ":1:23: field 'verdict': expected one of pass, fail, error, not_taken");
  EXPECT_EQ(with("{\"verdict\": \"pass\"}"), file + ":1:1: field 'scenario': missing");
  EXPECT_EQ(with("{\"scenario\": \"alpha\", \"verdict\": \"fail\", \"checks\": [{\"name\": \"lost\", \"pass\": 0}]}"),
            file + ":1:70: field 'checks[0].pass': expected true or false");
  EXPECT_EQ(with("[]"), file + ":1:1: field '(report)': expected an object");
}

}  // namespace
}  // namespace rwchaos::harness
