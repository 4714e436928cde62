#include "harness/run/results_folder.hpp"

#include <ctime>
#include <system_error>

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

std::filesystem::path default_results_path(const std::string& run_name, std::chrono::system_clock::time_point now) {
  return std::filesystem::path("results") / (utc_stamp(now) + "-" + path_safe(run_name));
}

std::filesystem::path claim_results_folder(const std::filesystem::path& wanted) {
  if (wanted.has_parent_path()) std::filesystem::create_directories(wanted.parent_path());
  // create_directory is mkdir(2): true only for the one caller that made it.
  constexpr int attempts = 1000;
  for (int n = 1; n <= attempts; ++n) {
    std::filesystem::path candidate = wanted;
    if (n > 1) candidate += fmt::format("-{}", n);
    if (std::filesystem::create_directory(candidate)) return std::filesystem::absolute(candidate);
  }
  throw std::filesystem::filesystem_error("no free results folder after " + std::to_string(attempts) + " tries",
                                          wanted, std::make_error_code(std::errc::file_exists));
}

std::vector<std::filesystem::path> scenario_folders(const std::filesystem::path& root,
                                                    const std::vector<std::string>& names) {
  std::vector<std::filesystem::path> folders;
  for (const auto& name : names) folders.push_back(root / path_safe(name));
  return folders;
}

std::filesystem::path results_root(const std::string& results_option, const std::string& run_name,
                                   std::chrono::system_clock::time_point now) {
  // Absolute: children run in the run folder (vmagent, for one), so a relative path would miss.
  if (!results_option.empty()) return std::filesystem::absolute(results_option);
  const auto wanted = default_results_path(run_name, now);
  try {
    return claim_results_folder(wanted);
  } catch (const std::filesystem::filesystem_error&) {
    return std::filesystem::absolute(wanted);  // unwritable: the run reports it when it creates its folders, as before
  }
}

}  // namespace rwchaos::harness
