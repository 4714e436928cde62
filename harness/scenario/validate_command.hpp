#pragma once
// `rwchaos validate`: check scenario files (and Istio YAML) without running anything.
#include <ostream>
#include <string>
#include <vector>

namespace rwchaos::harness {

// Prints `OK path` per valid file to stdout and every error of each bad file to stderr (at most
// ErrorList::shown a file); 0 when all are valid, else 2.
int validate_command(const std::vector<std::string>& paths);
int validate_paths(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err);

}  // namespace rwchaos::harness
