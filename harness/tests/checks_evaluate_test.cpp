#include <gtest/gtest.h>

#include "harness/checks/evaluate.hpp"
#include "harness/counts/counts.hpp"

namespace rwchaos::harness {
namespace {

Bound exact(double v) { return Bound{v, v}; }
Bound at_least(double v) { return Bound{v, std::nullopt}; }
Bound at_most(double v) { return Bound{std::nullopt, v}; }

TEST(ChecksEvaluate, ExactNumberPassesOnlyOnEquality) {
  Counts counts;
  counts.lost = 0;
  auto results = evaluate({{"lost", exact(0)}}, counts);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].pass);
  EXPECT_EQ(results[0].expected, 0);
  EXPECT_EQ(results[0].observed, 0);
  counts.lost = 3;
  results = evaluate({{"lost", exact(0)}}, counts);
  EXPECT_FALSE(results[0].pass);
  EXPECT_EQ(results[0].observed, 3);
}

TEST(ChecksEvaluate, MinAndMaxBoundsBothWays) {
  Counts counts;
  counts.retries = 0;
  EXPECT_FALSE(evaluate({{"retries", at_least(1)}}, counts)[0].pass);
  counts.retries = 4;
  EXPECT_TRUE(evaluate({{"retries", at_least(1)}}, counts)[0].pass);
  EXPECT_FALSE(evaluate({{"retries", at_most(3)}}, counts)[0].pass);
  EXPECT_TRUE(evaluate({{"retries", Bound{2, 4}}}, counts)[0].pass);
  EXPECT_FALSE(evaluate({{"retries", Bound{5, 9}}}, counts)[0].pass);
  const auto json = evaluate({{"retries", Bound{2, 4}}}, counts)[0].expected;
  EXPECT_EQ(json, (nlohmann::json{{"min", 2}, {"max", 4}}));
}

TEST(ChecksEvaluate, ListKeysCheckEveryElement) {
  Counts counts;
  counts.retry_intervals_ms = {150, 300, 600};
  auto r = evaluate({{"retry_intervals_ms", at_least(100)}}, counts)[0];
  EXPECT_TRUE(r.pass);
  EXPECT_EQ(r.observed, (nlohmann::json{150, 300, 600}));
  counts.retry_intervals_ms = {150, 20, 600};  // one retry came too fast
  EXPECT_FALSE(evaluate({{"retry_intervals_ms", at_least(100)}}, counts)[0].pass);
}

TEST(ChecksEvaluate, FractionalCountsAndUnknownKeys) {
  Counts counts;
  counts.backoff_growth = 1.5;
  EXPECT_FALSE(evaluate({{"backoff_growth", at_least(2)}}, counts)[0].pass);
  counts.backoff_growth = 4;
  EXPECT_TRUE(evaluate({{"backoff_growth", at_least(2)}}, counts)[0].pass);
  const auto unknown = evaluate({{"lsot", exact(0)}}, counts)[0];
  EXPECT_FALSE(unknown.pass);
  EXPECT_EQ(unknown.observed, "unknown count key");
}

// A count that could not be measured shows no value in bounds: the check fails and says why.
TEST(ChecksEvaluate, AnUnknownCountFailsEveryBoundWithItsReason) {
  Counts counts;
  counts.silent_loss = std::nullopt;
  counts.unknown["silent_loss"] = "the client reported 2 dropped blocks";
  for (const Bound& bound : {exact(0), at_least(0), at_most(100)}) {
    const auto r = evaluate({{"silent_loss", bound}}, counts)[0];
    EXPECT_FALSE(r.pass);
    EXPECT_EQ(r.observed, "unknown: the client reported 2 dropped blocks");
  }
  counts.silent_loss = 0;
  EXPECT_TRUE(evaluate({{"silent_loss", exact(0)}}, counts)[0].pass);
}

// Every count key, as a check, passes on a run where it holds and fails on one where it does not.
TEST(ChecksEvaluate, EveryCountKeyCanPassAndFail) {
  for (const auto& key : count_keys()) {
    SCOPED_TRACE(key.name);
    nlohmann::json json = Counts{};
    json[key.name] = key.kind == CountKind::list ? nlohmann::json{3, 3} : nlohmann::json(3);
    const Counts counts = json.get<Counts>();
    const auto pass = evaluate({{key.name, exact(3)}}, counts);
    ASSERT_EQ(pass.size(), 1u);
    EXPECT_TRUE(pass[0].pass);
    EXPECT_FALSE(evaluate({{key.name, exact(4)}}, counts)[0].pass);
    EXPECT_FALSE(evaluate({{key.name, at_most(2)}}, counts)[0].pass);
    EXPECT_TRUE(evaluate({{key.name, Bound{1, 3}}}, counts)[0].pass);
  }
}

TEST(ChecksEvaluate, BoundText) {
  EXPECT_EQ(bound_to_text(bound_to_json(exact(0))), "0");
  EXPECT_EQ(bound_to_text(bound_to_json(at_least(1))), ">= 1");
  EXPECT_EQ(bound_to_text(bound_to_json(at_most(2.5))), "<= 2.5");
  EXPECT_EQ(bound_to_text(bound_to_json(Bound{1, 5})), "1..5");
}

}  // namespace
}  // namespace rwchaos::harness
