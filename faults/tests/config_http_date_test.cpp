// HTTP dates (RFC 9110 §5.6.7): the three forms read, IMF-fixdate written.
#include <gtest/gtest.h>

#include "faults/config/http_date.hpp"

namespace rwchaos::faults::config {
namespace {

TEST(HttpDate, ReadsTheThreeFormsARecipientMustAccept) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);   // IMF-fixdate
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);  // RFC 850
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), 784111777);        // asctime
  EXPECT_EQ(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
}

TEST(HttpDate, RefusesAnythingElse) {
  EXPECT_EQ(parse_http_date(""), std::nullopt);
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT trailing"), std::nullopt);
  EXPECT_EQ(parse_http_date("1994-11-06T08:49:37Z"), std::nullopt);
  EXPECT_EQ(parse_http_date("120"), std::nullopt);
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 CET"), std::nullopt);
}

TEST(HttpDate, WritesImfFixdateThatReadsBack) {
  const auto at = std::chrono::system_clock::time_point(std::chrono::seconds(784111777) + std::chrono::milliseconds(900));
  EXPECT_EQ(format_http_date(at), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(parse_http_date(format_http_date(at)), 784111777);
  EXPECT_EQ(rfc3339_utc(784111777), "1994-11-06T08:49:37Z");
}

}  // namespace
}  // namespace rwchaos::faults::config
