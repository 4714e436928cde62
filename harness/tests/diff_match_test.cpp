// Pairing BASE's and NEW's reports: by scenario name, by client kind, by kind@version.
#include <gtest/gtest.h>

#include "diff_support.hpp"
#include "harness/diff/match_reports.hpp"
#include "harness/reports/verdict_text.hpp"

namespace rwchaos::harness {
namespace {

using test::scenario_report;
using test::side_of;

RunReport with_client(RunReport report, const std::string& kind, const std::string& version) {
  report.client.kind = kind;
  report.client.version = version;
  return report;
}

TEST(DiffMatch, ClientReleaseFindsTheDottedNumber) {
  const auto release = [](const std::string& version) { return client_release({"vmalert", "", version, {}}); };
  EXPECT_EQ(release("vmalert-20221125-124523-tags-v1.79.5-debian-1.79.5+ds1-2"), "1.79.5");
  EXPECT_EQ(release("prometheus, version 2.42.0+ds (branch: debian/sid, revision: 2.42.0+ds-5+deb12u1)"), "2.42.0");
  EXPECT_EQ(release("vmalert 1.112.0 (Debian victoria-metrics 1.112.0+ds1-2)"), "1.112.0");
  EXPECT_EQ(release("custom build"), "custom build");
  EXPECT_EQ(client_title({"vmagent", "", ""}), "vmagent");
}

TEST(DiffMatch, OneClientASideMatchesByNameAcrossVersions) {
  const auto base = side_of("base", {scenario_report("a"), scenario_report("b")});
  const auto next = side_of("new", {with_client(scenario_report("b"), "vmalert", "1.112.0"),
                                    with_client(scenario_report("c"), "vmalert", "1.112.0")});
  const auto pairs = match_reports(base, next);
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs[0].key, "a");
  EXPECT_EQ(pairs[0].next, nullptr);  // missing in NEW
  EXPECT_EQ(pairs[1].key, "b");
  ASSERT_NE(pairs[1].next, nullptr);
  EXPECT_EQ(pairs[1].next->report.client.version, "1.112.0");
  EXPECT_EQ(pairs[2].key, "c");
  EXPECT_EQ(pairs[2].base, nullptr);  // only in NEW
}

TEST(DiffMatch, SeveralClientsMatchByKindThenByVersion) {
  const auto base = side_of("base", {with_client(scenario_report("a"), "vmalert", "1.79.5"),
                                     with_client(scenario_report("a"), "vmagent", "1.79.5")});
  const auto upgraded = side_of("new", {with_client(scenario_report("a"), "vmagent", "1.112.0"),
                                        with_client(scenario_report("a"), "vmalert", "1.112.0")});
  auto pairs = match_reports(base, upgraded);
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[0].key, "a · vmalert");
  ASSERT_NE(pairs[0].next, nullptr);
  EXPECT_EQ(pairs[0].next->report.client.kind, "vmalert");

  const auto versions = side_of("both", {with_client(scenario_report("a"), "vmalert", "v1.79.5"),
                                         with_client(scenario_report("a"), "vmalert", "1.112.0")});
  pairs = match_reports(versions, versions);
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[0].key, "a · vmalert@1.79.5");
  EXPECT_EQ(pairs[1].key, "a · vmalert@1.112.0");
  EXPECT_EQ(pairs[1].next, pairs[1].base);
}

// The reference sender with different misbehaviours is a different client, as in the matrix.
TEST(DiffMatch, MisbehavioursOfTheReferenceSenderAreDifferentClients) {
  auto misbehaving = [](const std::string& rule) {
    RunReport r = with_client(scenario_report("a"), "reference", "0.1.0");
    r.client.misbehave = {rule};
    return r;
  };
  const auto side = side_of("s", {misbehaving("retry-4xx"), misbehaving("no-retry")});
  const auto pairs = match_reports(side, side);
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[0].key, "a · reference:retry-4xx");
  EXPECT_EQ(pairs[1].key, "a · reference:no-retry");
}

TEST(DiffMatch, TwoReportsOfOneScenarioAndClientAreBadInputNamingBoth) {
  const auto twice = side_of("twice", {scenario_report("a"), scenario_report("a")});
  try {
    match_reports(twice, side_of("new", {scenario_report("a")}));
    FAIL() << "no error";
  } catch (const std::runtime_error& error) {
    EXPECT_EQ(std::string(error.what()),
              "twice: two reports of scenario 'a' for client vmalert 1.79.5: twice/a/report.json and twice/a/report.json");
  }
}

}  // namespace
}  // namespace rwchaos::harness
