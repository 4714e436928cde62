// Istio/Go duration syntax (where it differs from the one syntax: ns/us/µs, a sign, "0" alone, no
// bare seconds) and Istio's millisecond rules.
#include <gtest/gtest.h>

#include "harness/istio/istio_duration.hpp"

namespace rwchaos::harness {
namespace {

using namespace std::chrono_literals;

std::chrono::nanoseconds parsed(std::string_view text) {
  const auto result = parse_istio_duration(text);
  if (const auto* message = std::get_if<std::string>(&result)) ADD_FAILURE() << text << ": " << *message;
  return std::get_if<std::chrono::nanoseconds>(&result) ? std::get<std::chrono::nanoseconds>(result) : -1ns;
}

std::string duration_rejected(std::string_view text) {
  const auto result = parse_istio_duration(text);
  if (std::holds_alternative<std::chrono::nanoseconds>(result)) ADD_FAILURE() << text << " was accepted";
  return std::holds_alternative<std::string>(result) ? std::get<std::string>(result) : "";
}

TEST(IstioDuration, ParsesGoSyntax) {
  EXPECT_EQ(parsed("1h"), 1h);
  EXPECT_EQ(parsed("30s"), 30s);
  EXPECT_EQ(parsed("500ms"), 500ms);
  EXPECT_EQ(parsed("1.5s"), 1500ms);
  EXPECT_EQ(parsed("1m30s"), 90s);
  EXPECT_EQ(parsed("1h0m0.25s"), 1h + 250ms);
  EXPECT_EQ(parsed("300us"), 300us);
  EXPECT_EQ(parsed("0"), 0ns);
  EXPECT_EQ(parsed("-2s"), -2s);
  EXPECT_EQ(parsed("+2s"), 2s);
  EXPECT_EQ(parsed("-0"), 0ns);
  EXPECT_EQ(parsed("7ns"), 7ns);
  EXPECT_EQ(parsed("2\xC2\xB5s"), 2us);  // µ as MICRO SIGN
  EXPECT_EQ(parsed("2\xCE\xBCs"), 2us);  // and as GREEK SMALL LETTER MU
  EXPECT_EQ(parsed("1.000000001s"), 1s + 1ns);
}

TEST(IstioDuration, RejectsWhatIstioRejects) {
  EXPECT_NE(duration_rejected("60").find("has no unit"), std::string::npos);
  EXPECT_NE(duration_rejected("1x").find("is not a duration"), std::string::npos);
  duration_rejected("");
  duration_rejected("s");
  duration_rejected("1..5s");
  duration_rejected("1 h");
  duration_rejected("9999999999h");
  duration_rejected("1m30");  // a number without a unit is seconds in a scenario, an error in Go
  EXPECT_NE(duration_rejected("0.5ns").find("only durations to ms precision"), std::string::npos);
}

TEST(IstioDuration, MillisecondRules) {
  EXPECT_EQ(check_istio_duration_range(1ms, false), "");
  EXPECT_EQ(check_istio_duration_range(0ns, true), "");
  EXPECT_EQ(check_istio_duration_range(0ns, false), "duration must be greater than 1ms");
  EXPECT_EQ(check_istio_duration_range(999us, false), "duration must be greater than 1ms");
  EXPECT_EQ(check_istio_duration_range(1500us, false), "only durations to ms precision are supported");
  EXPECT_EQ(check_istio_duration_range(-1s, true), "must not be negative");
}

}  // namespace
}  // namespace rwchaos::harness
