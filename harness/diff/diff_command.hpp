#pragma once
// `rwchaos diff BASE NEW`: what changed between two results folders, and whether anything got
// worse. Exit 0 nothing got worse, 1 a regression, 2 bad input (DESIGN.md "CLI").
#include <string>

namespace rwchaos::harness {

struct DiffOptions {
  std::string base;
  std::string next;
  std::string output_file;  // also write the Markdown here; stdout always has it
};

int diff_command(const DiffOptions& options);

}  // namespace rwchaos::harness
