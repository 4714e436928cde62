#include <gtest/gtest.h>

#include "harness/reports/junit_xml.hpp"
#include "harness/reports/xml_escape.hpp"
#include "reports_test_support.hpp"
#include "reports_xml_support.hpp"

namespace rwchaos::harness {
namespace {

TEST(ReportsJunit, OneSuiteOneCasePerScenarioWithFailureAndError) {
  const std::string xml =
      render_junit({test::passing_report(), test::failing_report(), test::error_report()}, "suites/conformance");
  EXPECT_EQ(test::xml_problem(xml), "") << xml;
  EXPECT_EQ(test::count_of(xml, "<testsuite "), 1u);
  EXPECT_EQ(test::count_of(xml, "<testcase "), 3u);
  EXPECT_EQ(test::count_of(xml, "<failure "), 1u);
  EXPECT_EQ(test::count_of(xml, "<error "), 1u);
  EXPECT_NE(xml.find("tests=\"3\" failures=\"1\" errors=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure message=\"2 of 3 checks failed\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("lost: expected 0, observed 5"), std::string::npos) << xml;
  EXPECT_NE(xml.find("retried_4xx: expected 0, observed 2"), std::string::npos) << xml;
  EXPECT_NE(xml.find("prometheus: binary not found on PATH"), std::string::npos);
  EXPECT_NE(xml.find("classname=\"rwchaos.vmagent\""), std::string::npos);
}

TEST(ReportsJunit, ScenarioNamesAreEscaped) {
  const std::string xml = render_junit({test::failing_report()}, "s");
  EXPECT_NE(xml.find("name=\"retry-on-400 &lt;&amp;&quot;&apos;&gt;\""), std::string::npos) << xml;
  EXPECT_EQ(test::xml_problem(xml), "");
}

TEST(ReportsJunit, StructuralCheckCatchesBrokenXml) {
  // The checker itself must be able to fail, or the tests above prove nothing.
  EXPECT_NE(test::xml_problem("<a><b></a></b>"), "");
  EXPECT_NE(test::xml_problem("<a>x & y</a>"), "");
  EXPECT_NE(test::xml_problem("<a x=\"1\">"), "");
  EXPECT_NE(test::xml_problem("<a x=1></a>"), "");
  EXPECT_EQ(test::xml_problem("<a x=\"1\"><b/>t &amp; u</a>"), "");
}

TEST(ReportsJunit, XmlEscapeReplacesForbiddenControlCharacters) {
  EXPECT_EQ(xml_escape(std::string("a\x01" "b\tc\n", 6)), "a?b\tc\n");
  EXPECT_EQ(xml_escape("<&>\"'"), "&lt;&amp;&gt;&quot;&apos;");
}

}  // namespace
}  // namespace rwchaos::harness
