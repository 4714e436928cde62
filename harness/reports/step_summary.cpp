#include "harness/reports/step_summary.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace rwchaos::harness {

std::string append_step_summary(const std::string& markdown) {
  const char* path = std::getenv("GITHUB_STEP_SUMMARY");
  if (path == nullptr || *path == '\0') return "";
  std::ofstream out(path, std::ios::app | std::ios::binary);
  if (!out) return std::string("GITHUB_STEP_SUMMARY ") + path + ": cannot open for appending: " + std::strerror(errno);
  out << markdown << (markdown.empty() || markdown.back() == '\n' ? "" : "\n") << "\n";
  if (!out.flush()) return std::string("GITHUB_STEP_SUMMARY ") + path + ": cannot write";
  return "";
}

}  // namespace rwchaos::harness
