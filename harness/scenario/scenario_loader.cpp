#include "harness/scenario/scenario_loader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "faults/config/yaml_document.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> top_level_keys = {"name", "description", "rule", "client", "storage", "hop", "seed",
                                                 "upstream", "phases", "duration", "settle", "generator",
                                                 "expect", "not_taken"};

using faults::config::describe;
using faults::config::mark_of;

[[noreturn]] void fail_whole_file(const std::string& file, const std::string& message) {
  throw InvalidInput(LocatedError{file, 0, 0, "", message});
}

std::string read_name(YamlReader& reader, const Field& field) {
  const std::string name = reader.string(field);
  // The name becomes part of a results folder name and a JUnit test case name.
  static const std::regex allowed("[A-Za-z0-9][A-Za-z0-9._-]*");
  if (!std::regex_match(name, allowed))
    reader.fail(field, "expected letters, digits, '.', '_' or '-' (starting with a letter or digit), got \"" + name + "\"");
  return name;
}

Scenario read_scenario(YamlReader& reader, const YAML::Node& root) {
  if (!root.IsMap())
    reader.fail(mark_of(root, YAML::Mark()), "", "a scenario must be a map of fields (name, client, phases, expect, ...), got " + describe(root));
  const MapFields map = reader.map(Field{"", root, root.Mark()}, top_level_keys);
  Scenario scenario;
  scenario.file = reader.file();
  reader.attempt([&] { scenario.name = read_name(reader, reader.require(map, "name")); });
  reader.if_present(map, "description", [&](const Field& field) { scenario.description = reader.string(field); });
  reader.if_present(map, "rule", [&](const Field& field) { scenario.rule = read_rule(reader, field); });
  reader.attempt([&] { scenario.client = read_client(reader, reader.require(map, "client")); });
  reader.if_present(map, "storage", [&](const Field& field) { scenario.storage = reader.choice(field, {"victoria-metrics", "none"}); });
  reader.if_present(map, "hop", [&](const Field& field) { scenario.hop = read_hop(reader, field); });
  reader.if_present(map, "seed", [&](const Field& field) { scenario.seed = reader.unsigned_integer(field); });
  YAML::Node upstream(YAML::NodeType::Sequence);
  reader.if_present(map, "upstream", [&](const Field& field) { upstream = read_upstream(reader, field); });
  scenario.upstream_faults_yaml = emit_flow(upstream);
  const bool duration_bad = map.find("duration") && !reader.if_present(map, "duration", [&](const Field& field) {
    scenario.duration = reader.duration(field);
    if (scenario.duration.count() <= 0) reader.fail(field, "must be longer than 0s");
  });
  reader.if_present(map, "settle", [&](const Field& field) { scenario.settle = reader.duration(field); });
  scenario.phases = default_phases(upstream);
  reader.if_present(map, "phases", [&](const Field& field) {
    const auto limit = duration_bad ? std::nullopt : std::optional<Duration>(scenario.duration);
    scenario.phases = read_phases(reader, field, limit, upstream);
  });
  reader.if_present(map, "generator", [&](const Field& field) {
    if (scenario.client.kind == "command") reader.fail(field, "a command client has no generator: it brings its own data");
    scenario.generator = read_generator(reader, field, duration_bad ? std::nullopt : std::optional<Duration>(scenario.duration));
  });
  reader.attempt([&] { scenario.expect = read_expect(reader, reader.require(map, "expect")); });
  reader.if_present(map, "not_taken", [&](const Field& field) {
    // A MUST or SHOULD the client does not follow fails; only a MAY can be left alone.
    if (!scenario.rule || scenario.rule->level != "MAY")
      reader.fail(field, "only for a scenario whose rule.level is MAY (a MUST or SHOULD not taken is a failure)");
    scenario.not_taken = read_not_taken(reader, field);
  });
  return scenario;
}

bool is_yaml_file(const fs::path& path) {
  return path.extension() == ".yaml" || path.extension() == ".yml";
}

}  // namespace

Scenario load_scenario_text(const std::string& text, const std::string& file) {
  YamlReader reader(file);
  const YAML::Node root = reader.document(text, "scenario");
  reader.throw_if_errors();  // a YAML syntax error ends the reading
  if (!root.IsDefined() || root.IsNull())
    throw InvalidInput(LocatedError{file, 1, 1, "name", "the file is empty; a scenario needs at least name, client and expect"});
  Scenario scenario;
  reader.attempt([&] { scenario = read_scenario(reader, root); });
  reader.throw_if_errors();
  return scenario;
}

Scenario load_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_whole_file(path, "cannot read the file");
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
      if (found.empty()) fail_whole_file(path, "no *.yaml files in this folder (sub-folders are not searched)");
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, error)) {
      files.push_back(path);
    } else {
      fail_whole_file(path, "no such file or folder");
    }
  }
  return files;
}

LocatedError duplicate_name(const std::string& file, const std::string& name, const std::string& other_file) {
  return LocatedError{file, 0, 0, "name", "\"" + name + "\" is also the name of " + other_file};
}

bool is_kubernetes_manifest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream text;
  text << in.rdbuf();
  try {
    const YAML::Node root = faults::config::read_first_yaml_document(text.str()).root;
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
    } catch (const InvalidInput& error) {
      loaded.errors.push_back(error.list());
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
        loaded.errors.emplace_back().add(duplicate_name(file, scenario.name, it->second));
        continue;
      }
      loaded.scenarios.push_back(std::move(scenario));
    } catch (const InvalidInput& error) {
      loaded.errors.push_back(error.list());
    }
  }
  return loaded;
}

}  // namespace rwchaos::harness
