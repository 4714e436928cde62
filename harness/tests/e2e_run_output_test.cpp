// What `rwchaos run` shows and leaves behind, with real vmalert: one results layout for one scenario
// as for many, and a progress line in a log (no terminal) that moves and ends with the counts
// report.json holds.
#include <regex>

#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness::e2e {
namespace {

TEST(E2eRunOutput, OneScenarioWritesTheLayoutOfASuite) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert");
  WorkDir work("layout-one");
  const RunOutcome run = run_scenario_text(work, R"(
name: layout-one
client: {kind: vmalert, interval: 1s}
storage: none
phases:
  - at: 0s
    faults: []
duration: 2s
settle: 5s
expect: {lost: 0, requests: {min: 1}}
)");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const fs::path results = work.path() / "results";
  // DIR/<scenario>/ holds the scenario's files; DIR holds the run's. Never report.json in DIR.
  for (const char* file : {"report.json", "junit.xml", "summary.md", "timeline.svg", "ledger.jsonl", "logs/vmalert.log"})
    EXPECT_TRUE(fs::exists(results / "layout-one" / file)) << file;
  for (const char* file : {"summary.md", "junit.xml", "report.html"}) EXPECT_TRUE(fs::exists(results / file)) << file;
  EXPECT_FALSE(fs::exists(results / "report.json"));
  const std::string html = read_text(results / "report.html");
  EXPECT_NE(html.find("<section id=\"scenario-1\""), std::string::npos);
  EXPECT_NE(html.find("href=\"layout-one/report.json\""), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);  // the timeline, inline
  EXPECT_NE(run.output.find("report: " + (results / "report.html").string()), std::string::npos) << run.output;
}

// "<scenario> <stage> [<elapsed>s/<limit>s] requests N faults_injected N retries N"
struct ProgressLine {
  std::string stage;
  double elapsed = -1;
  std::uint64_t requests = 0, faults_injected = 0, retries = 0;
};

std::vector<ProgressLine> progress_lines(const std::string& output, const std::string& scenario) {
  static const std::regex line(R"(^(\S+) (phase \d+/\d+|settle|collected)(?: ([\d.]+)s/\d+s)? requests (\d+) faults_injected (\d+) retries (\d+)$)");
  std::vector<ProgressLine> lines;
  std::istringstream in(output);
  for (std::string text; std::getline(in, text);) {
    std::smatch m;
    if (!std::regex_match(text, m, line) || m[1] != scenario) continue;
    lines.push_back({m[2], m[3].matched ? std::stod(m[3]) : -1, std::stoull(m[4]), std::stoull(m[5]), std::stoull(m[6])});
  }
  return lines;
}

TEST(E2eRunOutput, ProgressWithoutATerminalMovesAndEndsWithTheReportsCounts) {
  RWCHAOS_REQUIRE_PROGRAMS("vmalert");
  WorkDir work("progress");
  // Two phases of 6 s: a line every 5 s and at each stage; vmalert retries the two 503s.
  const RunOutcome run = run_scenario_text(work, R"(
name: progress-lines
client: {kind: vmalert, interval: 1s}
storage: none
phases:
  - at: 0s
    faults:
      - {action: respond, status: 503, when: {requests: "2-3"}}
  - at: 6s
    faults: []
duration: 12s
settle: 10s
expect: {lost: 0, retries: {min: 1}}
)",
                                           90s);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto lines = progress_lines(run.output, "progress-lines");
  ASSERT_GE(lines.size(), 5u) << run.output;
  // Phase 1 shows twice (at its start and ~5 s later), then phase 2, settle, and the final counts.
  std::vector<double> phase1;
  for (const auto& line : lines)
    if (line.stage == "phase 1/2") phase1.push_back(line.elapsed);
  ASSERT_GE(phase1.size(), 2u) << run.output;
  EXPECT_LT(phase1.front(), 1.5) << run.output;
  EXPECT_GE(phase1.back(), 4.5) << run.output;
  EXPECT_LT(phase1.size(), 5u) << "a line per poll, not every few seconds\n" << run.output;
  EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [](const auto& l) { return l.stage == "phase 2/2" && l.elapsed >= 5.9; }))
      << run.output;
  EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [](const auto& l) { return l.stage == "settle"; })) << run.output;
  // The counts move while the run goes on: retries are counted live, as the report counts them.
  EXPECT_GT(lines[lines.size() - 2].requests, lines.front().requests) << run.output;
  EXPECT_GE(lines[lines.size() - 2].retries, 1u) << run.output;
  EXPECT_GE(lines[lines.size() - 2].faults_injected, 2u) << run.output;
  const ProgressLine& last = lines.back();
  ASSERT_EQ(last.stage, "collected") << run.output;
  EXPECT_EQ(last.requests, count(run, "requests"));
  EXPECT_EQ(last.faults_injected, count(run, "faults_injected"));
  EXPECT_EQ(last.retries, count(run, "retries"));
}

}  // namespace
}  // namespace rwchaos::harness::e2e
