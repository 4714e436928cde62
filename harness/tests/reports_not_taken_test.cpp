// A MAY rule not taken: its verdict, and how JUnit, the summary and the matrix show it (not a failure).
#include <gtest/gtest.h>

#include "harness/reports/junit_xml.hpp"
#include "harness/reports/matrix.hpp"
#include "harness/reports/summary_table.hpp"
#include "reports_test_support.hpp"
#include "reports_xml_support.hpp"

namespace rwchaos::harness {
namespace {

const std::vector<CheckResult> expect_failed = {{"retried_429", {{"min", 1}}, 0, false}, {"lost", 0, 2, false}};

RunReport not_taken_report() {
  RunReport r = test::passing_report();
  r.scenario = "retry-429-after";
  r.client.kind = "prometheus";
  r.rule = Rule{"Senders MAY retry on HTTP 429", "MAY", "https://prometheus.io/docs/specs/prw/remote_write_spec/"};
  r.checks = expect_failed;
  r.not_taken = {{"retried_429", 0, 0, true}, {"lost", {{"min", 1}}, 2, true}, {"silent_loss", 0, 0, true}};
  r.verdict = verdict_of(r.checks, r.not_taken);
  return r;
}

TEST(ReportsNotTaken, VerdictIsNotTakenOnlyWhenExpectFailsAndEveryNotTakenBoundHolds) {
  EXPECT_EQ(not_taken_report().verdict, "not_taken");
  // The client took the rule and got it wrong: a not_taken bound fails too.
  EXPECT_EQ(verdict_of(expect_failed, {{"retried_429", 0, 2, false}, {"lost", {{"min", 1}}, 2, true}}), "fail");
  // expect holds: a pass, whatever not_taken says.
  EXPECT_EQ(verdict_of({{"retried_429", {{"min", 1}}, 2, true}}, {{"retried_429", 0, 2, false}}), "pass");
  // No not_taken block: a failed expect is a fail.
  EXPECT_EQ(verdict_of(expect_failed, {}), "fail");
  EXPECT_TRUE(verdict_succeeds("not_taken"));
  EXPECT_TRUE(verdict_succeeds("pass"));
  EXPECT_FALSE(verdict_succeeds("fail"));
  EXPECT_FALSE(verdict_succeeds("error"));
}

TEST(ReportsNotTaken, JunitSkipsItWithoutAFailure) {
  const std::string xml = render_junit({test::passing_report(), not_taken_report()}, "suites/conformance");
  EXPECT_EQ(test::xml_problem(xml), "") << xml;
  EXPECT_EQ(test::count_of(xml, "<skipped "), 1u) << xml;
  EXPECT_EQ(test::count_of(xml, "<failure "), 0u) << xml;
  EXPECT_NE(xml.find("skipped=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("MAY rule not taken: retried_429 = 0, lost = 2, silent_loss = 0"), std::string::npos) << xml;
}

TEST(ReportsNotTaken, SummaryAndMatrixSayNotTaken) {
  const std::string summary = render_summary_markdown({test::passing_report(), not_taken_report(), test::failing_report()});
  EXPECT_NE(summary.find("1 MAY rule not taken (not a failure)"), std::string::npos) << summary;
  EXPECT_NE(summary.find("(MAY not taken)"), std::string::npos) << summary;
  const std::string matrix = render_matrix({not_taken_report()});
  EXPECT_NE(matrix.find("not taken"), std::string::npos) << matrix;
  EXPECT_EQ(matrix.find("FAIL"), std::string::npos) << matrix;
}

}  // namespace
}  // namespace rwchaos::harness
