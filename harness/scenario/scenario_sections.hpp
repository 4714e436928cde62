#pragma once
// The loader's section readers, one per part of the scenario file (scenario_loader.cpp calls them
// in document order). Each throws ScenarioLoadError at the first problem.
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "harness/scenario/scenario.hpp"
#include "harness/scenario/yaml_reader.hpp"

namespace rwchaos::harness {

// vmalert, vmagent, prometheus, command: the kinds the client adapters know.
const std::vector<std::string>& scenario_client_kinds();

Rule read_rule(const YamlReader& reader, const Field& field);
ClientSpec read_client(const YamlReader& reader, const Field& field);
HopSpec read_hop(const YamlReader& reader, const Field& field);

// `upstream:` as a sequence of plan fault entries (checked).
YAML::Node read_upstream(const YamlReader& reader, const Field& field);
// `phases:`; every phase's faults are checked and re-emitted with the upstream entries appended.
std::vector<Phase> read_phases(const YamlReader& reader, const Field& field, Duration duration,
                               const YAML::Node& upstream_faults);
// The phases when the file has none: one phase at 0s with only the upstream entries.
std::vector<Phase> default_phases(const YAML::Node& upstream_faults);

std::map<std::string, Bound> read_expect(const YamlReader& reader, const Field& field);

// A fault sequence as one line of YAML flow text, e.g. `[{action: respond, status: 503}]`.
std::string emit_flow(const YAML::Node& sequence);

}  // namespace rwchaos::harness
