#include "harness/run/results_folder.hpp"

#include <ctime>

#include <fmt/format.h>

namespace rwchaos::harness {

std::string utc_stamp(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                     utc.tm_min, utc.tm_sec);
}

std::string path_safe(const std::string& name) {
  std::string out;
  for (char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '-';
  return out.empty() || out == "." || out == ".." ? "run" : out;
}

std::filesystem::path results_root(const std::string& results_option, const std::string& run_name,
                                   std::chrono::system_clock::time_point now) {
  if (!results_option.empty()) return results_option;
  return std::filesystem::path("results") / (utc_stamp(now) + "-" + path_safe(run_name));
}

}  // namespace rwchaos::harness
