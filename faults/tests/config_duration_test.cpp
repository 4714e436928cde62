// The one duration syntax of scenario files and plans: units, compounds, decimals, bare seconds,
// and errors (never a silent 0) for what is finer than a millisecond, negative or too long.
#include <gtest/gtest.h>

#include "faults/config/duration.hpp"

namespace rwchaos::faults::config {
namespace {

std::optional<Duration> parsed(std::string_view text) { return parse_duration(text).value; }

std::string error_of(std::string_view text) {
  const ParsedDuration result = parse_duration(text);
  EXPECT_FALSE(result.value.has_value()) << text << " was accepted";
  EXPECT_FALSE(result.error.empty()) << text;
  return result.error;
}

TEST(ConfigDuration, ParsesUnitsCompoundsAndDecimals) {
  EXPECT_EQ(parsed("500ms"), Duration(500));
  EXPECT_EQ(parsed("30s"), Duration(30000));
  EXPECT_EQ(parsed("2m"), Duration(120000));
  EXPECT_EQ(parsed("1h"), Duration(3600000));
  EXPECT_EQ(parsed("1m30s"), Duration(90000));
  EXPECT_EQ(parsed("1h2m3s4ms"), Duration(3723004));
  EXPECT_EQ(parsed("1.5s"), Duration(1500));
  EXPECT_EQ(parsed("0.5m"), Duration(30000));
  EXPECT_EQ(parsed(".5s"), Duration(500));
  EXPECT_EQ(parsed("1.0000s"), Duration(1000));  // trailing zeros are not a finer step
  EXPECT_EQ(parsed("0.001s"), Duration(1));
  EXPECT_EQ(parsed("0s"), Duration(0));
  EXPECT_EQ(parsed(" 30s "), Duration(30000));
}

TEST(ConfigDuration, ABareNumberIsSecondsOnlyWhenItStandsAlone) {
  EXPECT_EQ(parsed("15"), Duration(15000));
  EXPECT_EQ(parsed("0.25"), Duration(250));
  EXPECT_EQ(parsed("1.5"), Duration(1500));
  EXPECT_EQ(error_of("1m30"), "expected a duration like 500ms, 30s or 1m30s, got \"1m30\" (\"30\" has no unit)");
}

TEST(ConfigDuration, FinerThanAMillisecondIsAnErrorNeverZero) {
  EXPECT_EQ(error_of("0.4ms"), "\"0.4ms\" is finer than a millisecond, the smallest step of a duration");
  error_of("0.5ms");
  error_of("1.0001s");
  error_of("0.0001");
  error_of("0.00000000000000000001h");
}

TEST(ConfigDuration, RejectsTyposAndNegativesSayingWhy) {
  for (const char* bad : {"", "30x", "5 s", "s", "ms", "1.2.3s", "abc", "10sec", "1e3s", "0x10s"})
    error_of(bad);
  EXPECT_NE(error_of("10sec").find("unknown unit \"sec\"; units: ms, s, m, h"), std::string::npos);
  EXPECT_NE(error_of("-5s").find("(a duration has no sign)"), std::string::npos);
  EXPECT_NE(error_of("fast").find("got \"fast\""), std::string::npos);
}

TEST(ConfigDuration, OverflowIsAnErrorNotAWrap) {
  EXPECT_EQ(parsed("100000h"), longest_duration);
  EXPECT_EQ(error_of("100001h"), "\"100001h\" is longer than 100000h, the longest duration");
  error_of("99999h3601s");
  error_of("9223372036854775807ms");
  error_of("99999999999999999999999999h");
  error_of(std::string(400, '9'));
}

TEST(ConfigDuration, FormatsTheShortestExactSpellingThatParsesBack) {
  EXPECT_EQ(format_duration(Duration(0)), "0s");
  EXPECT_EQ(format_duration(Duration(60000)), "1m");
  EXPECT_EQ(format_duration(Duration(90000)), "1m30s");
  EXPECT_EQ(format_duration(Duration(1500)), "1500ms");
  EXPECT_EQ(format_duration(Duration(7200000)), "2h");
  EXPECT_EQ(format_duration(Duration(3723000)), "1h2m3s");
  for (long ms : {0L, 1L, 999L, 1000L, 61000L, 3600000L, 3723004L, longest_duration.count()})
    EXPECT_EQ(parsed(format_duration(Duration(ms))), Duration(ms));
}

// The scanner under both syntaxes, with another unit table (Go's, in nanoseconds, for Istio).
TEST(ConfigDuration, TermScannerTakesAnyUnitTable) {
  constexpr DurationUnit units[] = {{"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000}};
  EXPECT_EQ(sum_duration_terms("1s300us", units, 1LL << 62).ticks, 1000300000);
  EXPECT_EQ(sum_duration_terms("1.5ns", units, 1LL << 62).problem, DurationTerms::Problem::too_fine);
  EXPECT_EQ(sum_duration_terms("2s", units, 1000).problem, DurationTerms::Problem::too_long);
  EXPECT_EQ(sum_duration_terms("2x", units, 1000).problem, DurationTerms::Problem::syntax);
}

}  // namespace
}  // namespace rwchaos::faults::config
