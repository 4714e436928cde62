#include <sstream>

#include <gtest/gtest.h>

#include "harness/reports/summary_table.hpp"
#include "reports_test_support.hpp"

namespace rwchaos::harness {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(ReportsSummary, MarkdownTableHasHeaderAndOneRowPerReport) {
  const std::string md = render_summary_markdown({test::passing_report(), test::failing_report(), test::error_report()});
  EXPECT_NE(md.find("1 of 3 scenarios passed."), std::string::npos);
  EXPECT_NE(md.find("| scenario | client | verdict | lost | duplicated | retries | silent_loss | retried_4xx | faults_injected | failed checks |"),
            std::string::npos) << md;
  EXPECT_NE(md.find("| uc503-after-commit | vmalert | PASS | 0 | 2 | 3 | 0 | 0 | 3 | - |"), std::string::npos) << md;
  EXPECT_NE(md.find("| vmagent | FAIL | 5 | 2 | 3 | 5 | 2 | 3 | lost, retried_4xx |"), std::string::npos) << md;
  // An error measured nothing: a dash in every count, never a 0 that reads as "nothing lost".
  EXPECT_NE(md.find("| no-binary | prometheus | ERROR | — | — | — | — | — | — | (error) |"), std::string::npos) << md;
  EXPECT_NE(md.find("## Failures"), std::string::npos);
  EXPECT_NE(md.find("`retried_4xx` expected 0, observed 2"), std::string::npos) << md;
  EXPECT_NE(md.find("error: prometheus: binary not found on PATH"), std::string::npos);
}

TEST(ReportsSummary, AllPassingHasNoFailureSectionAndPipesAreEscaped) {
  RunReport r = test::passing_report();
  r.scenario = "a|b";
  const std::string md = render_summary_markdown({r});
  EXPECT_EQ(md.find("## Failures"), std::string::npos);
  EXPECT_NE(md.find("| a\\|b |"), std::string::npos) << md;
}

TEST(ReportsSummary, ConsoleTableLinesUpColumns) {
  const auto lines = lines_of(render_console_table({test::passing_report(), test::failing_report()}));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].rfind("scenario", 0), 0u);
  // Column "client" starts at the same offset on every line.
  const auto column = lines[0].find("client");
  EXPECT_EQ(lines[1].substr(column, 7), "vmalert");
  EXPECT_EQ(lines[2].substr(column, 7), "vmagent");
  EXPECT_NE(lines[2].find("FAIL"), std::string::npos);
  EXPECT_EQ(lines[0].find("verdict"), lines[1].find("PASS"));
}

TEST(ReportsSummary, ConsoleTableLinesUpAfterADash) {
  // "—" is three bytes and one column: the columns after it must still line up.
  RunReport error = test::error_report();
  error.scenario = "uc503-after-commit";
  const auto lines = lines_of(render_console_table({test::passing_report(), error}));
  ASSERT_EQ(lines.size(), 3u);
  const auto column_of = [](const std::string& line, const std::string& text) {
    const std::string head = line.substr(0, line.find(text));
    return std::count_if(head.begin(), head.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  };
  EXPECT_EQ(column_of(lines[1], " -"), column_of(lines[2], " (error)")) << lines[1] << "\n" << lines[2];
}

}  // namespace
}  // namespace rwchaos::harness
