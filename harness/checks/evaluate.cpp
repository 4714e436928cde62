#include "harness/checks/evaluate.hpp"

#include <cmath>

#include <fmt/format.h>

#include "harness/counts/counts.hpp"

namespace rwchaos::harness {
namespace {

nlohmann::json number_json(double value) {
  if (std::abs(value) < 9e15 && value == std::trunc(value)) return static_cast<long long>(value);
  return value;
}

std::string number_text(const nlohmann::json& value) {
  if (value.is_number_integer() || value.is_number_unsigned()) return std::to_string(value.get<long long>());
  if (value.is_number()) return fmt::format("{:g}", value.get<double>());
  return value.dump();
}

}  // namespace

bool within(const Bound& bound, double value) {
  return (!bound.min || value >= *bound.min) && (!bound.max || value <= *bound.max);
}

nlohmann::json bound_to_json(const Bound& bound) {
  if (bound.exact()) return number_json(*bound.min);
  nlohmann::json json = nlohmann::json::object();
  if (bound.min) json["min"] = number_json(*bound.min);
  if (bound.max) json["max"] = number_json(*bound.max);
  return json;
}

std::string bound_to_text(const nlohmann::json& expected) {
  if (!expected.is_object()) return number_text(expected);
  const bool has_min = expected.contains("min"), has_max = expected.contains("max");
  if (has_min && has_max) return number_text(expected["min"]) + ".." + number_text(expected["max"]);
  if (has_min) return ">= " + number_text(expected["min"]);
  if (has_max) return "<= " + number_text(expected["max"]);
  return "any";
}

std::vector<CheckResult> evaluate(const std::map<std::string, Bound>& expect, const Counts& counts) {
  std::vector<CheckResult> results;
  for (const auto& [name, bound] : expect) {
    CheckResult result{name, bound_to_json(bound), nullptr, false};
    const auto values = count_values(counts, name);
    if (!values) {
      result.observed = "unknown count key";
      results.push_back(result);
      continue;
    }
    const CountKind kind = count_kind(name).value_or(CountKind::integer);
    if (kind == CountKind::known && values->empty()) {
      // Nothing can be shown to be in bounds, so the check fails and says why.
      const auto why = counts.unknown.find(name);
      result.observed = "unknown: " + (why == counts.unknown.end() ? std::string("not measured") : why->second);
      results.push_back(result);
      continue;
    }
    result.pass = true;
    for (double value : *values) result.pass = result.pass && within(bound, value);
    if (kind == CountKind::list) {
      result.observed = nlohmann::json::array();
      for (double value : *values) result.observed.push_back(number_json(value));
    } else {
      result.observed = number_json(values->front());
    }
    results.push_back(result);
  }
  return results;
}

}  // namespace rwchaos::harness
