// `upstream:` and `phases:` of a scenario file: the fault timeline, re-emitted for PUT /plan.
#include <fmt/format.h>

#include "faults/catalogue/parse_plan.hpp"
#include "faults/config/duration.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace rwchaos::harness {
namespace {

using faults::config::format_duration;

YAML::Node idle_close_entry(YamlReader& reader, const Field& field) {
  YAML::Node entry;
  entry["action"] = "idle_close";
  if (field.value.IsScalar()) {  // `idle_close: 60s`
    entry["after"] = format_duration(reader.duration(field));
    return entry;
  }
  const MapFields map = reader.map(field, {"after", "jitter"});
  reader.attempt([&] { entry["after"] = format_duration(reader.duration(reader.require(map, "after"))); });
  reader.if_present(map, "jitter", [&](const Field& jitter) { entry["jitter"] = format_duration(reader.duration(jitter)); });
  return entry;
}

std::string combined_faults(const YAML::Node& own, const YAML::Node& upstream) {
  YAML::Node all(YAML::NodeType::Sequence);
  for (const auto& entry : own) all.push_back(YAML::Clone(entry));
  for (const auto& entry : upstream) all.push_back(YAML::Clone(entry));
  return emit_flow(all);
}

}  // namespace

std::string emit_flow(const YAML::Node& sequence) {
  YAML::Emitter out;
  out.SetSeqFormat(YAML::Flow);
  out.SetMapFormat(YAML::Flow);
  out << sequence;
  return out.c_str();
}

YAML::Node read_upstream(YamlReader& reader, const Field& field) {
  YAML::Node entries(YAML::NodeType::Sequence);
  const MapFields map = reader.map(field, {"idle_close", "faults"});
  reader.if_present(map, "idle_close", [&](const Field& idle) { entries.push_back(idle_close_entry(reader, idle)); });
  reader.if_present(map, "faults", [&](const Field& list) {
    // Fault entries belong to faults/: it checks them, with the marks of this very document.
    for (const auto& entry : reader.sequence(list)) entries.push_back(YAML::Clone(entry.value));
    faults::catalogue::check_fault_list(reader, list);
  });
  return entries;
}

std::vector<Phase> default_phases(const YAML::Node& upstream_faults) {
  Phase phase;
  phase.implicit = true;
  phase.faults_yaml = combined_faults(YAML::Node(YAML::NodeType::Sequence), upstream_faults);
  return {phase};
}

std::vector<Phase> read_phases(YamlReader& reader, const Field& field, std::optional<Duration> duration,
                               const YAML::Node& upstream_faults) {
  const auto items = reader.sequence(field);
  if (items.empty()) return default_phases(upstream_faults);
  std::vector<Phase> phases;
  for (const auto& item : items) {
    reader.attempt([&] {
      const MapFields map = reader.map(item, {"at", "faults"});
      Phase phase;
      const bool at_read = reader.attempt([&] {
        const Field& at = reader.require(map, "at");
        phase.at = reader.duration(at);
        if (!phases.empty() && phase.at <= phases.back().at)
          reader.fail(at, fmt::format("must be later than the phase before ({})", format_duration(phases.back().at)));
        if (duration && phase.at >= *duration)
          reader.fail(at, fmt::format("must be earlier than duration ({})", format_duration(*duration)));
      });
      const Field& list = reader.require(map, "faults");
      phase.fault_count = reader.sequence(list).size();
      faults::catalogue::check_fault_list(reader, list);
      phase.faults_yaml = combined_faults(list.value, upstream_faults);
      if (at_read) phases.push_back(phase);
    });
  }
  // Before the first written phase only the upstream settings hold: make that a phase of its own, so
  // the runner can always start by installing phases[0].
  if (phases.empty() || phases.front().at.count() > 0) phases.insert(phases.begin(), default_phases(upstream_faults).front());
  return phases;
}

}  // namespace rwchaos::harness
