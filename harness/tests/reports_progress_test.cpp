#include <sstream>

#include <gtest/gtest.h>

#include "harness/reports/progress_line.hpp"

namespace rwchaos::harness {
namespace {

using namespace std::chrono_literals;
using Clock = ProgressDisplay::Clock;

ProgressState state(const std::string& stage, double elapsed, std::uint64_t requests) {
  return ProgressState{"uc503", stage, elapsed, 30, requests, 3, 1};
}

TEST(ReportsProgress, FormatsStageElapsedAndTheReportsCountNames) {
  EXPECT_EQ(format_progress(state("phase 1/2", 12.34, 40)),
            "uc503 phase 1/2 12.3s/30s requests 40 faults_injected 3 retries 1");
  EXPECT_EQ(format_progress(state("settle", 3, 50)), "uc503 settle 3.0s/30s requests 50 faults_injected 3 retries 1");
  // The final line carries no time: the counts are the report's.
  EXPECT_EQ(format_progress(ProgressState{"uc503", "collected", 0, 0, 52, 3, 2}),
            "uc503 collected requests 52 faults_injected 3 retries 2");
}

TEST(ReportsProgress, TerminalRewritesOneLineInPlace) {
  std::ostringstream out;
  ProgressDisplay display(out, true);
  const auto t0 = Clock::time_point{} + 1h;
  display.update(state("phase 1/2", 1, 1000), t0);
  display.update(state("phase 1/2", 1.5, 1001), t0 + 500ms);  // within the second: not
  display.update(state("phase 1/2", 2, 5), t0 + 1s);
  display.finish();
  const std::string text = out.str();
  EXPECT_EQ(text.find('\n'), text.size() - 1);  // one newline, at the end
  EXPECT_EQ(std::count(text.begin(), text.end(), '\r'), 2);
  EXPECT_EQ(text.find("requests 1001"), std::string::npos) << text;
  // The shorter second line is padded over the first one's tail.
  const std::string second = text.substr(text.rfind('\r') + 1);
  EXPECT_EQ(second.size(), format_progress(state("phase 1/2", 1, 1000)).size() + 1);
}

TEST(ReportsProgress, WithoutATerminalALineAtEachStageAndEveryInterval) {
  std::ostringstream out;
  ProgressDisplay display(out, false, 5s);
  const auto t0 = Clock::time_point{} + 1h;
  display.update(state("phase 1/2", 0.1, 1), t0);        // first: printed
  display.update(state("phase 1/2", 2, 2), t0 + 2s);     // within the interval: not
  display.update(state("phase 1/2", 5.2, 9), t0 + 5100ms);  // the interval passed: printed
  display.update(state("phase 2/2", 6, 10), t0 + 6s);    // a new stage: printed at once
  display.update(state("phase 2/2", 9, 12), t0 + 9s);    // not
  display.update(state("settle", 1, 13), t0 + 10s);      // a new stage
  display.update(state("settle", 16, 20), t0 + 25s);     // long after: printed
  display.finish();
  const std::string text = out.str();
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5) << text;
  EXPECT_NE(text.find("phase 1/2 5.2s/30s requests 9"), std::string::npos) << text;
  EXPECT_EQ(text.find("requests 2 "), std::string::npos) << text;
  EXPECT_NE(text.find("settle 16.0s/30s requests 20"), std::string::npos) << text;
  EXPECT_FALSE(display.due("settle", t0 + 26s));
  EXPECT_TRUE(display.due("collected", t0 + 26s));
}

}  // namespace
}  // namespace rwchaos::harness
