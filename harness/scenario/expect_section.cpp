// `expect:` of a scenario file: count keys with an exact number or {min, max}.
#include <fmt/format.h>

#include "harness/counts/counts.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace rwchaos::harness {
namespace {

constexpr const char* number_or_range = "expected a number or {min, max}";

double bound_number(const YamlReader& reader, const Field& field) {
  if (!field.value.IsScalar()) reader.fail(field, std::string("expected a number, got ") + describe(field.value));
  return reader.number(field);
}

Bound read_bound(const YamlReader& reader, const Field& field) {
  Bound bound;
  if (field.value.IsScalar()) {
    try {
      bound.min = bound.max = reader.number(field);
    } catch (const ScenarioLoadError&) {
      reader.fail(field, std::string(number_or_range) + ", got \"" + field.value.Scalar() + "\"");
    }
    return bound;
  }
  if (!field.value.IsMap()) reader.fail(field, std::string(number_or_range) + ", got " + describe(field.value));
  const MapFields map = reader.map(field, {"min", "max"});
  const Field* min = map.find("min");
  const Field* max = map.find("max");
  if (!min && !max) reader.fail(field, "give min, max or both");
  if (min) bound.min = bound_number(reader, *min);
  if (max) bound.max = bound_number(reader, *max);
  if (min && max && *bound.min > *bound.max)
    reader.fail(*max, fmt::format("max ({:g}) is below min ({:g})", *bound.max, *bound.min));
  return bound;
}

}  // namespace

std::map<std::string, Bound> read_expect(const YamlReader& reader, const Field& field) {
  if (!field.value.IsMap() || field.value.size() == 0)
    reader.fail(field, "expected a map of checks like {lost: 0}; a scenario that checks nothing always passes");
  const MapFields map = reader.map(field, count_key_names());
  std::map<std::string, Bound> expect;
  for (const auto& [key, value] : map.entries()) expect[key] = read_bound(reader, value);
  return expect;
}

}  // namespace rwchaos::harness
