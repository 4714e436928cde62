#pragma once
// A scenario's `expect:` block against a run's counts.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/counts/counts.hpp"
#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

struct CheckResult {
  std::string name;
  nlohmann::json expected;  // a number, or {"min": a, "max": b} (either may be absent)
  nlohmann::json observed;  // a number, the list for list keys, or "unknown: <why>" for a count not known
  bool pass = false;
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CheckResult, name, expected, observed, pass)

// One result per expect key, in key order. A list key passes when every element is in bounds
// (an empty list passes: pair it with e.g. `retries: {min: 1}`). An unknown key fails, and so does a
// bound on a count whose value is unknown (Counts::unknown says why).
std::vector<CheckResult> evaluate(const std::map<std::string, Bound>& expect, const Counts& counts);

bool within(const Bound& bound, double value);
nlohmann::json bound_to_json(const Bound& bound);
// "3", ">= 1", "<= 5", "1..5": for tables a person reads.
std::string bound_to_text(const nlohmann::json& expected);

}  // namespace rwchaos::harness
