// How a verdict, a client and the counts read in every report.
#include <gtest/gtest.h>

#include "harness/reports/verdict_text.hpp"
#include "reports_test_support.hpp"

namespace rwchaos::harness {
namespace {

TEST(ReportsVerdictText, ClientsAreNamedByKindAndRelease) {
  // As the real programs print their versions (vmagent and vmalert 1.79.5 built by scripts/setup,
  // Debian's prometheus).
  EXPECT_EQ(client_title({"vmagent", "", "vmagent-20221125-124523-tags-v1.79.5-debian-1.79.5+ds1-2"}), "vmagent 1.79.5");
  EXPECT_EQ(client_title({"prometheus", "", "prometheus, version 2.42.0+ds (branch: debian/sid, revision: 2.42.0+ds-5)"}),
            "prometheus 2.42.0");
  EXPECT_EQ(client_title({"command", "", ""}), "command");
  EXPECT_EQ(client_title({"command", "", "my sender build 7"}), "command my sender build 7");
}

TEST(ReportsVerdictText, AnyVerdictHasALabel) {
  EXPECT_EQ(verdict_label("pass"), "PASS");
  EXPECT_EQ(verdict_label("not_taken"), "NOT TAKEN");
}

TEST(ReportsVerdictText, WhatDecidedTheVerdict) {
  const auto fail = decided_by(test::failing_report());
  ASSERT_EQ(fail.size(), 4u);
  EXPECT_EQ(fail[0], "MUST: Senders MUST retry on 5xx");
  EXPECT_EQ(fail[1], "lost 5 (expected 0) ✗");
  EXPECT_EQ(fail[3], "retries 3 (expected >= 1) ✓");
  const auto error = decided_by(test::error_report());
  EXPECT_EQ(error, (std::vector<std::string>{"MUST: Senders MUST retry on 5xx", "error: prometheus: binary not found on PATH",
                                             "nothing measured"}));
}

TEST(ReportsVerdictText, CountsReadAsMeasuredOrDash) {
  EXPECT_EQ(count_text(test::passing_report(), "retries"), "3");
  EXPECT_EQ(count_text(test::passing_report(), "retry_intervals_ms"), "[500, 1000, 2000]");
  EXPECT_EQ(count_text(test::error_report(), "lost"), "—");
  EXPECT_EQ(count_text(test::error_report(), "retry_intervals_ms"), "—");
}

}  // namespace
}  // namespace rwchaos::harness
