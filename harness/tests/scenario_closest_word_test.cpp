#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "harness/scenario/closest_word.hpp"
#include "harness/istio/istio_schema.hpp"

namespace rwchaos::harness {
namespace {

TEST(ClosestWord, EditDistanceCountsInsertDeleteSubstitute) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("retryOn", "retryOn"), 0u);
  EXPECT_EQ(edit_distance("retyOn", "retryOn"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
}

TEST(ClosestWord, SuggestsOnlyWithinTwoEdits) {
  const std::vector<std::string> keys = {"client", "faults", "phases", "expect"};
  EXPECT_EQ(closest_word("clinet", keys), "client");
  EXPECT_EQ(closest_word("phase", keys), "phases");
  EXPECT_EQ(closest_word("storage", keys), "");
}

TEST(ClosestWord, IstioHintIgnoresCaseAndSeparators) {
  const std::set<std::string> known = {"idleTimeout", "maxRetries", "maxRequestsPerConnection"};
  EXPECT_EQ(istio::suggest_field("idle_timeout", known), "idleTimeout");
  EXPECT_EQ(istio::suggest_field("max-retrys", known), "maxRetries");
  EXPECT_EQ(istio::suggest_field("timeout", known), "");
}

}  // namespace
}  // namespace rwchaos::harness
