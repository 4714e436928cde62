// Plan loading: every error names file, line, column and field, all of a plan's errors are
// reported; `when` selects deterministically.
#include <gtest/gtest.h>

#include "faults/catalogue/parse_plan.hpp"

namespace rwchaos::faults {
namespace {

using catalogue::check_fault_list;
using catalogue::parse_plan;
using config::InvalidInput;
using config::LocatedError;
using engine::Plan;

std::vector<LocatedError> plan_errors(const std::string& yaml) {
  try {
    parse_plan(yaml, "p.yaml");
  } catch (const InvalidInput& e) {
    return e.list().errors();
  }
  ADD_FAILURE() << "plan was accepted: " << yaml;
  return {LocatedError{}};
}

LocatedError plan_error(const std::string& yaml) { return plan_errors(yaml).front(); }

TEST(PlanLoad, AcceptsEveryCatalogueActionWithItsFields) {
  const Plan plan = parse_plan(R"(
seed: 42
faults:
  - {action: respond, status: 503, body: envoy-uc, commit: true, retry_after: 2s, headers: {x-a: b}, when: {requests: "3-5"}}
  - {action: close_before_headers, how: rst, when: {every: 2}}
  - {action: close_before_headers, how: fin, after_bytes: 10}
  - {action: half_close, then: hold, hold: 5s}
  - {action: slow_headers, delay: 500ms}
  - {action: trickle_body, chunk: 4, interval: 10ms, size: 32}
  - {action: truncate_response, bytes: 20, how: rst}
  - {action: blackhole, hold: 1m}
  - {action: refuse, when: {from: 1s, until: 2s}}
  - {action: idle_close, after: 2s, jitter: 200ms}
  - {action: close_on_reuse, how: rst, when: {probability: 0.5, idle_for: 2s}}
  - {action: latency, delay: 1.5, when: {path: /api/v1/write, reused: true}}
)", "p.yaml");
  EXPECT_EQ(plan.seed, 42u);
  ASSERT_EQ(plan.faults.size(), 12u);
  EXPECT_EQ(plan.faults[0].action, "respond");
  EXPECT_EQ(plan.faults[11].action, "latency");
  EXPECT_EQ(plan.faults[10].when.idle_for, Duration(2000));
  EXPECT_EQ(plan.faults[0].when.requests.front(), std::make_pair(std::uint64_t{3}, std::uint64_t{5}));
  EXPECT_NE(plan.yaml.find("seed: 42"), std::string::npos);
}

TEST(PlanLoad, UnknownKeyNamesLineColumnAndField) {
  const LocatedError e = plan_error("seed: 1\nfaults:\n  - action: respond\n    stauts: 503\n");
  EXPECT_EQ(e.file, "p.yaml");
  EXPECT_EQ(e.line, 4);
  EXPECT_EQ(e.column, 5);
  EXPECT_EQ(e.field, "faults[0].stauts");
  EXPECT_EQ(e.message, "unknown key; did you mean 'status'? (allowed: action, body, status, retry_after, headers, commit, when)");
  EXPECT_EQ(e.to_string(), "p.yaml:4:5: field 'faults[0].stauts': " + e.message);
}

// Each action's own keys make its allowed list, also when its parser stops at a missing key.
TEST(PlanLoad, UnknownFaultKeyNamesTheClosestKeyAndTheActionsKeys) {
  const LocatedError comit = plan_error("faults: [{action: close_before_headers, comit: true}]");
  EXPECT_EQ(comit.field, "faults[0].comit");
  EXPECT_EQ(comit.message, "unknown key; did you mean 'commit'? (allowed: action, how, after_bytes, commit, when)");
  // `dealy` is one mistake: no second error for the `delay` it misspells.
  const auto dealy = plan_errors("faults: [{action: latency, dealy: 5s}]");
  ASSERT_EQ(dealy.size(), 1u);
  EXPECT_EQ(dealy[0].field, "faults[0].dealy");
  EXPECT_EQ(dealy[0].message, "unknown key; did you mean 'delay'? (allowed: action, delay, when)");
}

TEST(PlanLoad, DuplicateKeysAreErrorsNotTheFirstValue) {
  const auto errors = plan_errors("faults:\n  - {action: respond, status: 503, status: 200}\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "faults[0].status");
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_EQ(errors[0].column, 36);
  EXPECT_EQ(errors[0].message, "duplicate key (first on line 2)");
  EXPECT_EQ(plan_error("seed: 1\nseed: 2\n").field, "seed");
  EXPECT_EQ(plan_error("faults: [{action: respond, when: {every: 2, every: 3}}]").field, "faults[0].when.every");
}

TEST(PlanLoad, ReportsEveryErrorOfAPlanInPlaceOrder) {
  const auto errors = plan_errors(R"(seed: -1
faults:
  - {action: respond, status: 999, comit: true}
  - {action: slow_headers, delay: 0.4ms}
  - {action: respond, when: {requests: "x", every: 0}}
)");
  std::vector<std::string> where;
  for (const auto& e : errors) where.push_back(std::to_string(e.line) + ":" + std::to_string(e.column) + " " + e.field);
  EXPECT_EQ(where, (std::vector<std::string>{"1:7 seed", "3:31 faults[0].status", "3:36 faults[0].comit",
                                             "4:35 faults[1].delay", "5:40 faults[2].when.requests",
                                             "5:52 faults[2].when.every"}));
  EXPECT_EQ(errors[3].message, "\"0.4ms\" is finer than a millisecond, the smallest step of a duration");
}

TEST(PlanLoad, SeedTakesEveryValueAScenarioSeedTakes) {
  EXPECT_EQ(parse_plan("seed: 18446744073709551615\n", "p.yaml").seed, 18446744073709551615u);
  EXPECT_EQ(plan_error("seed: 18446744073709551616").field, "seed");
}

TEST(PlanLoad, OnePlanPerText) {
  const LocatedError e = plan_error("seed: 1\n---\nseed: 2\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.message, "one plan per file (found a second YAML document)");
}

TEST(PlanLoad, BadRangeNamesWhenRequests) {
  const LocatedError e = plan_error("faults:\n  - {action: respond, when: {requests: \"x-3\"}}\n");
  EXPECT_EQ(e.field, "faults[0].when.requests");
  EXPECT_EQ(e.line, 2);
  EXPECT_NE(e.message.find("\"x-3\""), std::string::npos);
}

TEST(PlanLoad, RejectsBadValues) {
  EXPECT_EQ(plan_error("faults: [{action: explode}]").field, "faults[0].action");
  EXPECT_EQ(plan_error("faults: [{status: 503}]").field, "faults[0].action");
  EXPECT_EQ(plan_error("faults: [{action: respond, status: 999}]").field, "faults[0].status");
  EXPECT_EQ(plan_error("faults: [{action: respond, body: envoy-xx}]").field, "faults[0].body");
  EXPECT_EQ(plan_error("faults: [{action: close_before_headers, how: both}]").field, "faults[0].how");
  EXPECT_EQ(plan_error("faults: [{action: slow_headers}]").field, "faults[0].delay");
  EXPECT_EQ(plan_error("faults: [{action: slow_headers, delay: 5parsecs}]").field, "faults[0].delay");
  EXPECT_EQ(plan_error("faults: [{action: idle_close}]").field, "faults[0].after");
  EXPECT_EQ(plan_error("faults: [{action: respond, when: {probability: 1.5}}]").field, "faults[0].when.probability");
  EXPECT_EQ(plan_error("faults: [{action: respond, when: {from: 5s, until: 1s}}]").field, "faults[0].when.until");
  EXPECT_EQ(plan_error("faults: [{action: respond, when: {often: true}}]").field, "faults[0].when.often");
  EXPECT_EQ(plan_error("faults: [{action: close_on_reuse, when: {path: /x}}]").field, "faults[0].when.path");
  EXPECT_EQ(plan_error("faults: [{action: close_on_reuse, when: {idle_for: 2x}}]").field, "faults[0].when.idle_for");
  EXPECT_EQ(plan_error("faults: [{action: idle_close, after: 1s, when: {idle_for: 1s}}]").field, "faults[0].when.idle_for");
  EXPECT_EQ(plan_error("faults: [{action: refuse, when: {idle_for: 1s}}]").field, "faults[0].when.idle_for");
  EXPECT_EQ(plan_error("faults: [{action: close_before_headers, after_bytes: 5, commit: true}]").field, "faults[0].commit");
  EXPECT_EQ(plan_error("faults: {action: respond}").field, "faults");
  EXPECT_EQ(plan_error("sed: 1").field, "sed");
  EXPECT_EQ(plan_error("sed: 1").message, "unknown key; did you mean 'seed'? (allowed: seed, faults)");
}

TEST(PlanLoad, YamlSyntaxErrorHasLine) {
  const LocatedError e = plan_error("faults:\n  - {action: respond\n");
  EXPECT_GE(e.line, 2);
  EXPECT_FALSE(e.message.empty());
}

TEST(PlanLoad, AcceptsJson) {
  const Plan plan = parse_plan(R"({"seed": 7, "faults": [{"action": "respond", "status": 429}]})", "plan");
  EXPECT_EQ(plan.seed, 7u);
  EXPECT_EQ(plan.faults.size(), 1u);
}

TEST(CheckFaultList, ReportsScenarioPrefixAndMarks) {
  const YAML::Node root = YAML::Load("phases:\n  - at: 0s\n    faults:\n      - {action: respond, status: abc}\n");
  config::YamlReader reader("s.yaml");
  check_fault_list(reader, config::Field{"phases[0].faults", root["phases"][0]["faults"], YAML::Mark()});
  const auto errors = reader.errors().errors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].file, "s.yaml");
  EXPECT_EQ(errors[0].field, "phases[0].faults[0].status");
  EXPECT_EQ(errors[0].line, 4);
  config::YamlReader good("s.yaml");
  check_fault_list(good, config::Field{"f", YAML::Load("[{action: latency, delay: 1s}]"), YAML::Mark()});
  check_fault_list(good, config::Field{"f", YAML::Node(), YAML::Mark()});
  EXPECT_TRUE(good.errors().empty());
}

When when_of(const std::string& yaml) {
  config::YamlReader reader("w");
  const When when = parse_when(reader, config::Field{"when", YAML::Load(yaml), YAML::Mark()});
  EXPECT_TRUE(reader.errors().empty()) << yaml;
  return when;
}

TEST(WhenSelection, RangesEveryReusedPathAndWindow) {
  const When ranges = when_of("{requests: \"1-2,9,12-\"}");
  std::vector<std::uint64_t> hit;
  for (std::uint64_t id = 1; id <= 14; ++id) {
    if (matches(ranges, Facts{id, false, Duration{0}, "/"}, 0, 0)) hit.push_back(id);
  }
  EXPECT_EQ(hit, (std::vector<std::uint64_t>{1, 2, 9, 12, 13, 14}));

  const When every = when_of("{every: 3}");
  EXPECT_FALSE(matches(every, Facts{2}, 0, 0));
  EXPECT_TRUE(matches(every, Facts{3}, 0, 0));
  EXPECT_TRUE(matches(every, Facts{6}, 0, 0));

  const When reused = when_of("{reused: true, path: /w}");
  EXPECT_TRUE(matches(reused, Facts{1, true, Duration{0}, "/w"}, 0, 0));
  EXPECT_FALSE(matches(reused, Facts{1, false, Duration{0}, "/w"}, 0, 0));
  EXPECT_FALSE(matches(reused, Facts{1, true, Duration{0}, "/x"}, 0, 0));

  const When window = when_of("{from: 1s, until: 2s}");
  EXPECT_FALSE(matches(window, Facts{1, false, Duration{999}}, 0, 0));
  EXPECT_TRUE(matches(window, Facts{1, false, Duration{1000}}, 0, 0));
  EXPECT_FALSE(matches(window, Facts{1, false, Duration{2000}}, 0, 0));
}

TEST(WhenSelection, ProbabilityIsRepeatableForTheSameSeedAndDiffersAcrossSeeds) {
  const When half = when_of("{probability: 0.5}");
  auto picks = [&](std::uint64_t seed) {
    std::vector<bool> out;
    for (std::uint64_t id = 1; id <= 1000; ++id) out.push_back(matches(half, Facts{id}, seed, 0));
    return out;
  };
  const auto a = picks(42), b = picks(42), c = picks(43);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  const auto hits = std::count(a.begin(), a.end(), true);
  EXPECT_GT(hits, 430);  // binomial(1000, 0.5): 6 sigma either side
  EXPECT_LT(hits, 570);
}

}  // namespace
}  // namespace rwchaos::faults
