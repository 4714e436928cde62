#pragma once
// The loader's section readers, one per part of the scenario file (scenario_loader.cpp calls them
// in document order). Each reports its errors to the reader and reads on past a bad field where
// the next one does not depend on it; `reader.fail` abandons the section.
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "faults/config/yaml_reader.hpp"
#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

using faults::config::Field;
using faults::config::MapFields;
using faults::config::YamlReader;

// vmalert, vmagent, prometheus, command: the kinds the client adapters know.
const std::vector<std::string>& scenario_client_kinds();

Rule read_rule(YamlReader& reader, const Field& field);
ClientSpec read_client(YamlReader& reader, const Field& field);
HopSpec read_hop(YamlReader& reader, const Field& field);

// `upstream:` as a sequence of plan fault entries (checked).
YAML::Node read_upstream(YamlReader& reader, const Field& field);
// `phases:`; every phase's faults are checked and re-emitted with the upstream entries appended.
// `duration` is empty when the file's own was bad: `at` is then not compared with it.
std::vector<Phase> read_phases(YamlReader& reader, const Field& field, std::optional<Duration> duration,
                               const YAML::Node& upstream_faults);
// The phases when the file has none: one phase at 0s with only the upstream entries.
std::vector<Phase> default_phases(const YAML::Node& upstream_faults);

std::map<std::string, Bound> read_expect(YamlReader& reader, const Field& field);
// `not_taken:` (the same form as expect); the caller checks that the rule is a MAY.
std::map<std::string, Bound> read_not_taken(YamlReader& reader, const Field& field);
// `generator:`; `duration` is empty when the file's own was bad.
GeneratorSpec read_generator(YamlReader& reader, const Field& field, std::optional<Duration> duration);

// A fault sequence as one line of YAML flow text, e.g. `[{action: respond, status: 503}]`.
std::string emit_flow(const YAML::Node& sequence);

}  // namespace rwchaos::harness
