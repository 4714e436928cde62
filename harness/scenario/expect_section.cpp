// `expect:` of a scenario file: count keys with an exact number or {min, max}.
#include <fmt/format.h>

#include "harness/counts/counts.hpp"
#include "harness/mesh/response_flags.hpp"
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

// The flags the sidecars log (harness/mesh/response_flags.hpp), as `expect: response_flags:` keys.
std::vector<std::string> response_flag_names() {
  std::vector<std::string> names;
  for (int flag = 0; flag <= static_cast<int>(mesh::ResponseFlag::no_route_found); ++flag)
    names.emplace_back(mesh::short_name(static_cast<mesh::ResponseFlag>(flag)));
  return names;
}

void read_response_flags(YamlReader& reader, const Field& field, std::map<std::string, Bound>& expect) {
  if (!field.value.IsMap() || field.value.size() == 0)
    reader.fail(field, "expected a map of Envoy response flags to bounds, like {UC: 0, URX: {max: 2}}");
  const MapFields map = reader.map(field, response_flag_names());
  for (const auto& entry : map.entries())
    reader.attempt([&] { expect[std::string(response_flags_prefix) + entry.first] = read_bound(reader, entry.second); });
}

}  // namespace

std::map<std::string, Bound> read_expect(YamlReader& reader, const Field& field) {
  if (!field.value.IsMap() || field.value.size() == 0)
    reader.fail(field, "expected a map of checks like {lost: 0}; a scenario that checks nothing always passes");
  std::vector<std::string> keys = count_key_names();
  keys.push_back("response_flags");
  const MapFields map = reader.map(field, keys);
  std::map<std::string, Bound> expect;
  for (const auto& entry : map.entries()) {
    if (entry.first == "response_flags") {
      reader.attempt([&] { read_response_flags(reader, entry.second, expect); });
      continue;
    }
    reader.attempt([&] { expect[entry.first] = read_bound(reader, entry.second); });  // clang 14: no bindings in lambdas
  }
  return expect;
}

std::map<std::string, Bound> read_not_taken(YamlReader& reader, const Field& field) {
  if (!field.value.IsMap() || field.value.size() == 0)
    reader.fail(field, "expected a map of checks like {retried_429: 0}: the counts that show the client did not take the MAY rule");
  const MapFields map = reader.map(field, count_key_names());
  std::map<std::string, Bound> not_taken;
  for (const auto& entry : map.entries())
    reader.attempt([&] { not_taken[entry.first] = read_bound(reader, entry.second); });
  return not_taken;
}

}  // namespace rwchaos::harness
