#pragma once
// Loads scenario files (docs/scenario.md) strictly: unknown keys, wrong types, bad durations and bad
// fault entries are errors naming file:line:col and the field; a file's errors come out together.
#include <optional>
#include <string>
#include <vector>

#include "faults/config/located_error.hpp"
#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

using faults::config::ErrorList;
using faults::config::InvalidInput;
using faults::config::LocatedError;

// Throws InvalidInput with every error of the file. `file` is only used in errors and Scenario::file.
Scenario load_scenario_text(const std::string& text, const std::string& file);
Scenario load_scenario_file(const std::string& path);

// A folder means its *.yaml and *.yml files, sorted by name, not recursing into sub-folders (a suite
// is one folder; sub-folders hold helpers such as Istio manifests or fixtures). A file means itself.
// Throws InvalidInput for a missing path or a folder without YAML files.
std::vector<std::string> expand_scenario_paths(const std::vector<std::string>& paths);

// Whether the file is a Kubernetes/Istio manifest rather than a scenario: its first document is a
// map with a top-level `apiVersion` or `kind` key. False for unreadable or unparsable files.
bool is_kubernetes_manifest(const std::string& path);

// Two scenarios that would share a results folder.
LocatedError duplicate_name(const std::string& file, const std::string& name, const std::string& other_file);

struct LoadedScenarios {
  std::vector<Scenario> scenarios;
  std::vector<std::string> manifests;  // Istio/Kubernetes YAML found among the paths, not loaded
  std::vector<ErrorList> errors;       // one per bad path or file, plus duplicate scenario names
};
// Every scenario of the given files and folders, collecting every file's errors.
LoadedScenarios load_scenario_paths(const std::vector<std::string>& paths);

}  // namespace rwchaos::harness
