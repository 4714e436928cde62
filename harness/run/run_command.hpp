#pragma once
// `rwchaos run`: run scenario files or suite folders and write their results.
#include <optional>
#include <string>
#include <vector>

namespace rwchaos::harness {

struct RunOptions {
  std::vector<std::string> paths;
  std::string env = "local";            // local | kind
  std::string client;                   // overrides every scenario's client kind when set
  std::string results_dir;              // default: results/<timestamp>-<name>/
  std::optional<unsigned long> seed;    // overrides every scenario's seed when set
  unsigned jobs = 1;                    // scenarios run at once; > 1: no live progress line
};

int run_command(const RunOptions& options);

}  // namespace rwchaos::harness
