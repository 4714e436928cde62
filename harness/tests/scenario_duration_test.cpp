#include <gtest/gtest.h>

#include "harness/scenario/duration.hpp"

namespace rwchaos::harness {
namespace {

TEST(ScenarioDuration, ParsesUnitsCompoundsAndBareSeconds) {
  EXPECT_EQ(parse_duration("500ms"), Duration(500));
  EXPECT_EQ(parse_duration("30s"), Duration(30000));
  EXPECT_EQ(parse_duration("2m"), Duration(120000));
  EXPECT_EQ(parse_duration("1h"), Duration(3600000));
  EXPECT_EQ(parse_duration("1m30s"), Duration(90000));
  EXPECT_EQ(parse_duration("1.5s"), Duration(1500));
  EXPECT_EQ(parse_duration("0s"), Duration(0));
  EXPECT_EQ(parse_duration("15"), Duration(15000));
  EXPECT_EQ(parse_duration("0.25"), Duration(250));
}

TEST(ScenarioDuration, RejectsTyposNegativesAndSubMilliseconds) {
  for (const char* bad : {"", "30x", "5 s", "-5s", "s", "ms", "1m30", "1.2.3s", "0.5ms", "1.0001s", "abc", "10sec"})
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
}

TEST(ScenarioDuration, FormatsTheShortestExactSpelling) {
  EXPECT_EQ(format_duration(Duration(0)), "0s");
  EXPECT_EQ(format_duration(Duration(60000)), "1m");
  EXPECT_EQ(format_duration(Duration(90000)), "90s");
  EXPECT_EQ(format_duration(Duration(1500)), "1500ms");
  EXPECT_EQ(format_duration(Duration(7200000)), "2h");
  for (long ms : {0L, 1L, 999L, 1000L, 61000L, 3600000L}) EXPECT_EQ(parse_duration(format_duration(Duration(ms))), Duration(ms));
}

}  // namespace
}  // namespace rwchaos::harness
