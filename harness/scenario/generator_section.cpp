// `generator:` of a scenario file: what the ground-truth generator serves beside its counter.
#include <fmt/format.h>

#include "harness/scenario/scenario_sections.hpp"

namespace rwchaos::harness {

GeneratorSpec read_generator(YamlReader& reader, const Field& field, std::optional<Duration> duration) {
  if (!field.value.IsMap()) reader.fail(field, "expected a map like {stopping_series: 3s}, got " + faults::config::describe(field.value));
  const MapFields map = reader.map(field, {"stopping_series"});
  GeneratorSpec spec;
  reader.if_present(map, "stopping_series", [&](const Field& value) {
    spec.stopping_series = reader.duration(value);
    if (spec.stopping_series.count() <= 0) reader.fail(value, "must be longer than 0s");
    // The series must stop while the client still runs, or no stale marker can be asked for.
    if (duration && spec.stopping_series >= *duration)
      reader.fail(value, fmt::format("must be earlier than duration ({} ms), got {} ms", duration->count(),
                                     spec.stopping_series.count()));
  });
  return spec;
}

}  // namespace rwchaos::harness
