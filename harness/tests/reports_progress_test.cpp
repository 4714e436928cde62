#include <sstream>

#include <gtest/gtest.h>

#include "harness/reports/progress_line.hpp"

namespace rwchaos::harness {
namespace {

ProgressState state(std::size_t phase, double elapsed, std::uint64_t requests) {
  return ProgressState{"uc503", phase, 2, elapsed, 30, requests, 3, 1};
}

TEST(ReportsProgress, FormatsPhaseElapsedAndCounters) {
  EXPECT_EQ(format_progress(state(1, 12.34, 40)), "uc503 phase 1/2 12.3s/30s requests 40 faults 3 retries 1");
  EXPECT_EQ(format_progress(state(0, 31, 50)), "uc503 settle 31.0s/30s requests 50 faults 3 retries 1");
}

TEST(ReportsProgress, TerminalRewritesOneLineInPlace) {
  std::ostringstream out;
  ProgressDisplay display(out, true);
  display.update(state(1, 1, 1000));
  display.update(state(1, 2, 5));
  display.finish();
  const std::string text = out.str();
  EXPECT_EQ(text.find('\n'), text.size() - 1);  // one newline, at the end
  EXPECT_EQ(std::count(text.begin(), text.end(), '\r'), 2);
  // The shorter second line is padded over the first one's tail.
  const std::string second = text.substr(text.rfind('\r') + 1);
  EXPECT_EQ(second.size(), format_progress(state(1, 1, 1000)).size() + 1);
}

TEST(ReportsProgress, NonTerminalPrintsPlainLinesOnlyOnPhaseChange) {
  std::ostringstream out;
  ProgressDisplay display(out, false);
  display.update(state(1, 1, 1));
  display.update(state(1, 2, 2));
  display.update(state(2, 21, 30));
  display.update(state(0, 31, 40));
  display.finish();
  const std::string text = out.str();
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
}

}  // namespace
}  // namespace rwchaos::harness
