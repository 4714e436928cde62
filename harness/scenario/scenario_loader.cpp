#include "harness/scenario/scenario_loader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "harness/scenario/scenario_sections.hpp"
#include "harness/scenario/yaml_document.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> top_level_keys = {"name", "description", "rule", "client", "storage", "hop", "seed",
                                                 "upstream", "phases", "duration", "settle", "expect"};

[[noreturn]] void fail_whole_file(const std::string& file, int line, const std::string& field, const std::string& message) {
  throw ScenarioLoadError(ScenarioError{file, line, line > 0 ? 1 : 0, field, message});
}

YAML::Node parse_single_document(const std::string& text, const std::string& file) {
  YamlDocument document;
  try {
    document = read_first_yaml_document(text);
  } catch (const YAML::Exception& error) {
    ScenarioError converted{file, error.mark.line + 1, error.mark.column + 1, "", "YAML syntax: " + error.msg};
    if (error.mark.line < 0) converted.line = converted.column = 0;
    throw ScenarioLoadError(std::move(converted));
  }
  if (document.second_start) {
    const YAML::Mark mark = *document.second_start;
    throw ScenarioLoadError(ScenarioError{file, mark.line + 1, mark.column + 1, "", "one scenario per file (found a second YAML document)"});
  }
  if (!document.root || document.root.IsNull())
    fail_whole_file(file, 1, "name", "the file is empty; a scenario needs at least name, client and expect");
  return document.root;
}

std::string read_name(const YamlReader& reader, const Field& field) {
  const std::string name = reader.string(field);
  // The name becomes part of a results folder name and a JUnit test case name.
  static const std::regex allowed("[A-Za-z0-9][A-Za-z0-9._-]*");
  if (!std::regex_match(name, allowed))
    reader.fail(field, "expected letters, digits, '.', '_' or '-' (starting with a letter or digit), got \"" + name + "\"");
  return name;
}

Scenario read_scenario(const YamlReader& reader, const YAML::Node& root) {
  if (!root.IsMap()) {
    const YAML::Mark mark = mark_of(root, YAML::Mark());
    reader.fail(mark, "", "a scenario must be a map of fields (name, client, phases, expect, ...), got " + describe(root));
  }
  const MapFields map = reader.map(Field{"", root, root.Mark()}, top_level_keys);
  Scenario scenario;
  scenario.file = reader.file();
  scenario.name = read_name(reader, reader.require(map, "name"));
  if (const Field* field = map.find("description")) scenario.description = reader.string(*field);
  if (const Field* field = map.find("rule")) scenario.rule = read_rule(reader, *field);
  scenario.client = read_client(reader, reader.require(map, "client"));
  if (const Field* field = map.find("storage")) scenario.storage = reader.choice(*field, {"victoria-metrics", "none"});
  if (const Field* field = map.find("hop")) scenario.hop = read_hop(reader, *field);
  if (const Field* field = map.find("seed")) scenario.seed = reader.unsigned_integer(*field);
  YAML::Node upstream(YAML::NodeType::Sequence);
  if (const Field* field = map.find("upstream")) upstream = read_upstream(reader, *field);
  scenario.upstream_faults_yaml = emit_flow(upstream);
  if (const Field* field = map.find("duration")) {
    scenario.duration = reader.duration(*field);
    if (scenario.duration.count() <= 0) reader.fail(*field, "must be longer than 0s");
  }
  if (const Field* field = map.find("settle")) scenario.settle = reader.duration(*field);
  const Field* phases = map.find("phases");
  scenario.phases = phases ? read_phases(reader, *phases, scenario.duration, upstream) : default_phases(upstream);
  scenario.expect = read_expect(reader, reader.require(map, "expect"));
  return scenario;
}

bool is_yaml_file(const fs::path& path) {
  return path.extension() == ".yaml" || path.extension() == ".yml";
}

}  // namespace

Scenario load_scenario_text(const std::string& text, const std::string& file) {
  const YamlReader reader(file);
  return read_scenario(reader, parse_single_document(text, file));
}

Scenario load_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_whole_file(path, 0, "", "cannot read the file");
  std::stringstream text;
  text << in.rdbuf();
  return load_scenario_text(text.str(), path);
}

std::vector<std::string> expand_scenario_paths(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::directory_iterator(path, error))
        if (entry.is_regular_file() && is_yaml_file(entry.path())) found.push_back(entry.path().string());
      if (found.empty()) fail_whole_file(path, 0, "", "no *.yaml files in this folder (sub-folders are not searched)");
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, error)) {
      files.push_back(path);
    } else {
      fail_whole_file(path, 0, "", "no such file or folder");
    }
  }
  return files;
}

bool is_kubernetes_manifest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream text;
  text << in.rdbuf();
  try {
    const YAML::Node root = read_first_yaml_document(text.str()).root;
    return root.IsMap() && (root["apiVersion"] || root["kind"]);
  } catch (const YAML::Exception&) {
    return false;
  }
}

LoadedScenarios load_scenario_paths(const std::vector<std::string>& paths) {
  LoadedScenarios loaded;
  std::vector<std::string> files;
  for (const auto& path : paths) {
    try {
      const auto expanded = expand_scenario_paths({path});
      files.insert(files.end(), expanded.begin(), expanded.end());
    } catch (const ScenarioLoadError& error) {
      loaded.errors.push_back(error.error());
    }
  }
  std::map<std::string, std::string> file_of_name;
  for (const auto& file : files) {
    if (is_kubernetes_manifest(file)) {
      loaded.manifests.push_back(file);
      continue;
    }
    try {
      Scenario scenario = load_scenario_file(file);
      const auto [it, fresh] = file_of_name.emplace(scenario.name, file);
      if (!fresh) {
        loaded.errors.push_back(ScenarioError{file, 0, 0, "name", "\"" + scenario.name + "\" is also the name of " + it->second});
        continue;
      }
      loaded.scenarios.push_back(std::move(scenario));
    } catch (const ScenarioLoadError& error) {
      loaded.errors.push_back(error.error());
    }
  }
  return loaded;
}

}  // namespace rwchaos::harness
