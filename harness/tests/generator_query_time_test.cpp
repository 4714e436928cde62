// The query API's `time` parameter in every form the Prometheus HTTP API takes, and nothing else.
#include <gtest/gtest.h>

#include "harness/generator/query_time.hpp"

namespace rwchaos::harness {
namespace {

std::int64_t ms(std::string_view text) {
  std::string why;
  const auto parsed = parse_query_time(text, &why);
  EXPECT_TRUE(parsed) << text << ": " << why;
  return parsed.value_or(-1);
}

void query_time_rejected(std::string_view text) {
  std::string why;
  EXPECT_FALSE(parse_query_time(text, &why)) << text;
  EXPECT_EQ(why, "cannot parse \"" + std::string(text) + "\" to a valid timestamp");
}

TEST(QueryTime, UnixSecondsWithOptionalDecimalsRoundToTheMillisecond) {
  EXPECT_EQ(ms("1764459830"), 1764459830000);
  EXPECT_EQ(ms("1764459830.5"), 1764459830500);
  EXPECT_EQ(ms("1764459830.123"), 1764459830123);
  EXPECT_EQ(ms("1764459830.1236"), 1764459830124);  // Prometheus rounds the fraction to ms
  EXPECT_EQ(ms("+1764459830"), 1764459830000);
  EXPECT_EQ(ms("1.76445983e9"), 1764459830000);
  EXPECT_EQ(ms("0"), 0);
  EXPECT_EQ(ms("-1.5"), -1500);
}

TEST(QueryTime, Rfc3339WithOptionalFractionAndOffset) {
  EXPECT_EQ(ms("2026-11-29T23:43:50Z"), 1795995830000);  // what vmalert 1.112 sends
  EXPECT_EQ(ms("2026-11-29T23:43:50.250Z"), 1795995830250);
  EXPECT_EQ(ms("2026-11-29T23:43:50.123456789Z"), 1795995830123);  // kept to the ms, truncated
  EXPECT_EQ(ms("2026-11-30T01:43:50+02:00"), 1795995830000);
  EXPECT_EQ(ms("2026-11-29T20:13:50.5-03:30"), 1795995830500);
  EXPECT_EQ(ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ms("2024-02-29T00:00:00Z"), 1709164800000);  // a leap day
}

TEST(QueryTime, MalformedTimesAreRejectedWithPrometheusMessage) {
  for (const char* text : {"", "now", "2026-11-29", "2026-11-29 23:43:50Z", "2026-11-29T23:43:50",
                           "2026-11-29T23:43:50z", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z",
                           "2026-11-29T24:00:00Z", "2026-11-29T23:60:00Z", "2026-11-29T23:43:60Z",
                           "2026-11-29T23:43:50.Z", "2026-11-29T23:43:50.1234567891Z", "2026-11-29T23:43:50+0200",
                           "2026-11-29T23:43:50+02:00 ", " 1764459830", "1764459830s", "NaN", "inf", "+-1",
                           "0x10", "1e400", "99999999999999999999"}) {
    query_time_rejected(text);
  }
}

TEST(QueryTime, InjectionAttemptsAreJustBadTimes) {
  query_time_rejected(R"(1"],"x":["1)");
  query_time_rejected("1764459830]}]}},{\"status\":\"success\"");
  query_time_rejected("2026-11-29T23:43:50Z\"}");
  query_time_rejected(std::string_view("1764459830\0x", 12));
}

}  // namespace
}  // namespace rwchaos::harness
