// `expect:` of a scenario file: count keys with an exact number or {min, max}.
#include <fmt/format.h>

#include "harness/counts/counts.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace rwchaos::harness {
namespace {

constexpr const char* number_or_range = "expected a number or {min, max}";

Bound read_bound(YamlReader& reader, const Field& field) {
  Bound bound;
  if (field.value.IsScalar()) {
    const auto number = faults::config::parse_number(field.value.Scalar());
    if (!number) reader.fail(field, std::string(number_or_range) + ", got \"" + field.value.Scalar() + "\"");
    bound.min = bound.max = *number;
    return bound;
  }
  if (!field.value.IsMap()) reader.fail(field, std::string(number_or_range) + ", got " + faults::config::describe(field.value));
  const MapFields map = reader.map(field, {"min", "max"});
  const Field* min = map.find("min");
  const Field* max = map.find("max");
  if (!min && !max) reader.fail(field, "give min, max or both");
  const bool min_read = reader.if_present(map, "min", [&](const Field& value) { bound.min = reader.number(value); });
  const bool max_read = reader.if_present(map, "max", [&](const Field& value) { bound.max = reader.number(value); });
  if (min_read && max_read && *bound.min > *bound.max)
    reader.fail(*max, fmt::format("max ({:g}) is below min ({:g})", *bound.max, *bound.min));
  return bound;
}

}  // namespace

std::map<std::string, Bound> read_expect(YamlReader& reader, const Field& field) {
  if (!field.value.IsMap() || field.value.size() == 0)
    reader.fail(field, "expected a map of checks like {lost: 0}; a scenario that checks nothing always passes");
  const MapFields map = reader.map(field, count_key_names());
  std::map<std::string, Bound> expect;
  for (const auto& entry : map.entries())
    reader.attempt([&] { expect[entry.first] = read_bound(reader, entry.second); });  // clang 14: no bindings in lambdas
  return expect;
}

}  // namespace rwchaos::harness
