#pragma once
// `rwchaos validate`: check scenario files (and Istio YAML) without running anything.
#include <string>
#include <vector>

namespace rwchaos::harness {
int validate_command(const std::vector<std::string>& paths);
}
