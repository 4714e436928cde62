// Plan loading: every error names file, line, column and field; `when` selects deterministically.
#include <gtest/gtest.h>

#include "faults/catalogue/parse_plan.hpp"
#include "faults/plan/plan_error.hpp"

namespace rwchaos::faults {
namespace {

using catalogue::check_fault_list;
using catalogue::parse_plan;
using engine::Plan;

PlanError plan_error(const std::string& yaml) {
  try {
    parse_plan(yaml, "p.yaml");
  } catch (const PlanException& e) {
    return e.error;
  }
  ADD_FAILURE() << "plan was accepted: " << yaml;
  return {};
}

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
  - {action: close_on_reuse, how: rst, when: {probability: 0.5}}
  - {action: latency, delay: 1.5, when: {path: /api/v1/write, reused: true}}
)", "p.yaml");
  EXPECT_EQ(plan.seed, 42u);
  ASSERT_EQ(plan.faults.size(), 12u);
  EXPECT_EQ(plan.faults[0].action, "respond");
  EXPECT_EQ(plan.faults[11].action, "latency");
  EXPECT_EQ(plan.faults[0].when.requests.front(), std::make_pair(std::uint64_t{3}, std::uint64_t{5}));
  EXPECT_NE(plan.yaml.find("seed: 42"), std::string::npos);
}

TEST(PlanLoad, UnknownKeyNamesLineColumnAndField) {
  const PlanError e = plan_error("seed: 1\nfaults:\n  - action: respond\n    stauts: 503\n");
  EXPECT_EQ(e.file, "p.yaml");
  EXPECT_EQ(e.line, 4);
  EXPECT_EQ(e.column, 5);
  EXPECT_EQ(e.field, "faults[0].stauts");
  EXPECT_EQ(e.message, "unknown key");
  EXPECT_EQ(e.to_string(), "p.yaml:4:5: field 'faults[0].stauts': unknown key");
}

TEST(PlanLoad, BadRangeNamesWhenRequests) {
  const PlanError e = plan_error("faults:\n  - {action: respond, when: {requests: \"x-3\"}}\n");
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
  EXPECT_EQ(plan_error("faults: [{action: close_before_headers, after_bytes: 5, commit: true}]").field, "faults[0].commit");
  EXPECT_EQ(plan_error("faults: {action: respond}").field, "faults");
  EXPECT_EQ(plan_error("sed: 1").field, "plan.sed");
}

TEST(PlanLoad, YamlSyntaxErrorHasLine) {
  const PlanError e = plan_error("faults:\n  - {action: respond\n");
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
  const auto error = check_fault_list(root["phases"][0]["faults"], "s.yaml", "phases[0].faults");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->file, "s.yaml");
  EXPECT_EQ(error->field, "phases[0].faults[0].status");
  EXPECT_EQ(error->line, 4);
  EXPECT_FALSE(check_fault_list(YAML::Load("[{action: latency, delay: 1s}]"), "s.yaml", "f").has_value());
  EXPECT_FALSE(check_fault_list(YAML::Node(), "s.yaml", "f").has_value());
}

TEST(Durations, ParseUnitsAndPlainSeconds) {
  EXPECT_EQ(parse_duration("500ms"), Duration(500));
  EXPECT_EQ(parse_duration("30s"), Duration(30'000));
  EXPECT_EQ(parse_duration("2m"), Duration(120'000));
  EXPECT_EQ(parse_duration("1.5"), Duration(1500));
  EXPECT_FALSE(parse_duration("fast").has_value());
  EXPECT_FALSE(parse_duration("-1s").has_value());
}

When when_of(const std::string& yaml) { return parse_when(YAML::Load(yaml), "w", "when"); }

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
