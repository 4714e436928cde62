#include "harness/process/rwchaos_binary.hpp"

#include <cstdlib>
#include <filesystem>

namespace rwchaos::harness {

// Resolved once: a rebuild during a run replaces the file, and /proc/self/exe then reads "... (deleted)".
std::string rwchaos_binary() {
  static const std::string path = [] {
    if (const char* env = std::getenv("RWCHAOS_BINARY"); env && *env) return std::string(env);
    return std::filesystem::read_symlink("/proc/self/exe").string();
  }();
  return path;
}

}  // namespace rwchaos::harness
