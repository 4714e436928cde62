#include "harness/scenario/validate_command.hpp"

#include <filesystem>
#include <iostream>
#include <map>

#include "harness/common/exit_codes.hpp"
#include "harness/istio/istio_policy.hpp"
#include "harness/istio/istio_validator.hpp"
#include "harness/scenario/scenario_loader.hpp"

namespace rwchaos::harness {
namespace {

void print_errors(std::ostream& err, const ErrorList& errors) {
  for (const auto& line : errors.lines()) err << line << "\n";
}

}  // namespace

int validate_paths(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err) {
  bool all_valid = true;
  // Names must be unique within a folder, and among the loose files given (results folders are named
  // after scenarios); two suite folders may reuse a name (quickstart repeats incident scenarios).
  std::map<std::string, std::string> names_of_files;
  for (const auto& path : paths) {
    std::map<std::string, std::string> names_of_folder;
    auto& file_of_name = std::filesystem::is_directory(path) ? names_of_folder : names_of_files;
    std::vector<std::string> files;
    try {
      files = expand_scenario_paths({path});
    } catch (const InvalidInput& error) {
      print_errors(err, error.list());
      all_valid = false;
      continue;
    }
    for (const auto& file : files) {
      if (is_kubernetes_manifest(file)) {
        const IstioPolicy policy = load_istio_policy(file);  // errors, and warnings such as 503 UC
        const auto errors = error_lines(policy);
        for (const auto& message : errors) err << message << "\n";
        for (const auto& message : policy.warnings) err << message << "\n";
        if (errors.empty()) out << "OK " << file << "\n";
        all_valid = all_valid && errors.empty();
        continue;
      }
      try {
        const Scenario scenario = load_scenario_file(file);
        const auto [it, fresh] = file_of_name.emplace(scenario.name, file);
        if (!fresh) {
          err << duplicate_name(file, scenario.name, it->second).to_string() << "\n";
          all_valid = false;
          continue;
        }
        out << "OK " << file << "\n";
      } catch (const InvalidInput& error) {
        print_errors(err, error.list());
        all_valid = false;
      }
    }
  }
  return all_valid ? exit_pass : exit_bad_input;
}

int validate_command(const std::vector<std::string>& paths) {
  return validate_paths(paths, std::cout, std::cerr);
}

}  // namespace rwchaos::harness
