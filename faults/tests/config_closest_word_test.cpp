// "Did you mean": the known word nearest to a typo, within two edits.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "faults/config/closest_word.hpp"

namespace rwchaos::faults::config {
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

}  // namespace
}  // namespace rwchaos::faults::config
