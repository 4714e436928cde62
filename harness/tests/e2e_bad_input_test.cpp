// The real `rwchaos run` on bad input: every error of a file at once, a bad flag blamed as the flag,
// exit 2, and nothing started.
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness::e2e {
namespace {

const std::string good_scenario = "name: good\nclient: vmalert\nstorage: none\nduration: 2s\nexpect: {lost: 0}\n";

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

TEST(E2eBadInput, RunReportsEveryErrorOfTheFileWithItsLine) {
  WorkDir work("three-errors");
  const RunOutcome run = run_scenario_text(work,
                                           "name: three\n"
                                           "client: {kind: vmalert, interval: 0.4ms}\n"
                                           "phases: [{at: 0s, faults: [{action: respond, comit: true}]}]\n"
                                           "expect: {lots: 0}\n",
                                           30s);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  const std::string file = (work.path() / "scenario.yaml").string();
  EXPECT_EQ(occurrences(run.output, file + ":"), 3u) << run.output;
  EXPECT_NE(run.output.find(file + ":2:35: field 'client.interval'"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find(file + ":3:46: field 'phases[0].faults[0].comit': unknown key; did you mean 'commit'?"),
            std::string::npos) << run.output;
  EXPECT_NE(run.output.find(file + ":4:10: field 'expect.lots': unknown key; did you mean 'lost'?"), std::string::npos)
      << run.output;
  EXPECT_FALSE(fs::exists(work.path() / "results")) << "a bad file must start nothing";
}

TEST(E2eBadInput, AnUnknownClientFlagNamesTheFlagNotTheFile) {
  WorkDir work("client-flag");
  const RunOutcome run = run_scenario_text(work, good_scenario, 30s, {"--client", "nosuch"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("rwchaos run: --client: unknown client 'nosuch' (accepts: vmalert, vmagent, prometheus, reference)"),
            std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("scenario.yaml"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("command"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(work.path() / "results"));
}

}  // namespace
}  // namespace rwchaos::harness::e2e
