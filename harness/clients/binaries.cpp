// Finding the real programs and their versions (see binaries.hpp for the search order).
#include "harness/clients/binaries.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "harness/process/child_process.hpp"

#ifndef RWCHAOS_TOOLS_DIR
#define RWCHAOS_TOOLS_DIR ".tools"
#endif

namespace rwchaos::harness {
namespace fs = std::filesystem;

namespace {

bool executable(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

fs::path search_path(const std::string& program) {
  const char* env = std::getenv("PATH");
  const std::string dirs = env ? env : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    const std::string dir = dirs.substr(start, end - start);
    if (!dir.empty() && executable(fs::path(dir) / program)) return fs::path(dir) / program;
    start = end + 1;
  }
  // haproxy lives in /usr/sbin, which a non-root PATH often lacks.
  if (executable(fs::path("/usr/sbin") / program)) return fs::path("/usr/sbin") / program;
  return {};
}

// The flag each program answers with its version (VictoriaMetrics: lib/buildinfo's -version).
std::string version_flag(const std::string& program) {
  if (program == "prometheus") return "--version";
  if (program == "haproxy") return "-v";
  return "-version";
}

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

nlohmann::json read_versions_json() {
  std::ifstream in(tools_dir() / "versions.json");
  if (!in) return {};
  return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

std::string version_from_json(const std::string& program) {
  const auto json = read_versions_json();
  if (!json.is_object() || !json.contains(program) || !json[program].is_string()) return {};
  return json[program].get<std::string>();
}

// "1.112.0" -> {1, 112, 0}: versions compare as numbers, not text ("1.79.5" < "1.112.0").
std::vector<long> version_parts(const std::string& version) {
  std::vector<long> parts;
  std::size_t start = 0;
  while (start <= version.size()) {
    std::size_t end = version.find('.', start);
    if (end == std::string::npos) end = version.size();
    parts.push_back(std::strtol(version.c_str() + start, nullptr, 10));
    start = end + 1;
  }
  return parts;
}

std::string string_field(const nlohmann::json& entry, const char* key) {
  return entry.contains(key) && entry[key].is_string() ? entry[key].get<std::string>() : std::string();
}

std::string version_by_running(const std::string& program, const fs::path& path) {
  // Unique per call: with --jobs, two scenarios may ask the same program's version at once.
  static std::atomic<unsigned> calls{0};
  const fs::path log = fs::temp_directory_path() / fmt::format("rwchaos-version-{}-{}-{}.log", program,
                                                               static_cast<long>(::getpid()), calls.fetch_add(1));
  fs::remove(log);
  std::string output;
  try {
    auto child = ChildProcess::start({.name = program + " version",
                                      .argv = {path.string(), version_flag(program)},
                                      .log_file = log});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (child->running() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    child->stop(std::chrono::milliseconds(500));
    output = child->log_tail(4000);
  } catch (const std::exception&) {
    output.clear();
  }
  fs::remove(log);
  return first_line(output);
}

bool is_tools_copy(const std::string& program, const fs::path& path) {
  std::error_code ec;
  return fs::equivalent(path, tools_dir() / "bin" / program, ec);
}

}  // namespace

const std::vector<std::string>& known_programs() {
  static const std::vector<std::string> programs{"vmalert", "vmagent", "prometheus", "victoria-metrics", "haproxy", "vmauth"};
  return programs;
}

fs::path tools_dir() {
  const char* env = std::getenv("RWCHAOS_TOOLS_DIR");
  return (env && *env) ? fs::path(env) : fs::path(RWCHAOS_TOOLS_DIR);
}

ProgramLocation find_program(const std::string& program, const fs::path& explicit_path) {
  ProgramLocation where{.program = program};
  if (!explicit_path.empty()) {
    where.found_in = "explicit";
    if (!executable(explicit_path)) {
      where.error = fmt::format("{}: {} does not exist or is not executable (fix the path, or drop it and run "
                                "scripts/setup)", program, explicit_path.string());
      return where;
    }
    where.path = explicit_path;
  } else if (const fs::path tools = tools_dir() / "bin" / program; executable(tools)) {
    where.path = tools;
    where.found_in = "tools";
  } else if (fs::path on_path = search_path(program); !on_path.empty()) {
    where.path = on_path;
    where.found_in = "PATH";
  } else {
    where.error = fmt::format("{} not found in {} nor on PATH: run scripts/setup", program,
                              (tools_dir() / "bin").string());
    return where;
  }
  where.version = program_version(program, where.path);
  return where;
}

ProgramLocation find_program_version(const std::string& program, const std::string& version, bool is_default,
                                     const fs::path& explicit_path) {
  if (!explicit_path.empty()) return find_program(program, explicit_path);
  const std::vector<ListedVersion> listed = listed_versions(program);
  for (const ListedVersion& entry : listed) {
    if (entry.version != version || !executable(entry.path)) continue;
    return {.program = program, .path = entry.path, .found_in = "tools", .version = program_version(program, entry.path)};
  }
  if (is_default) return find_program(program);
  std::vector<std::string> versions;
  for (const ListedVersion& entry : listed)
    if (executable(entry.path)) versions.push_back(entry.version);
  return {.program = program,
          .error = fmt::format("{} {} is not installed ({} lists {}): run scripts/setup", program, version,
                               (tools_dir() / "versions.json").string(),
                               versions.empty() ? std::string("none of its versions") : fmt::format("{}", fmt::join(versions, ", ")))};
}

std::string origin_text(const ListedVersion& listed) {
  const std::string package = listed.package.empty() ? "" : listed.package + " " + listed.package_version;
  if (listed.origin.empty()) return package.empty() ? "versions.json" : "package " + package;
  return package.empty() ? listed.origin : listed.origin + " (" + package + ")";
}

fs::path require_program(const std::string& program, const fs::path& explicit_path) {
  ProgramLocation where = find_program(program, explicit_path);
  if (!where.found()) throw std::runtime_error(where.error);
  return where.path;
}

std::string program_version(const std::string& program, const fs::path& path) {
  if (is_tools_copy(program, path)) {
    if (std::string version = version_from_json(program); !version.empty()) return version;
  }
  for (const ListedVersion& listed : listed_versions(program)) {
    std::error_code ec;
    if (!fs::equivalent(listed.path, path, ec)) continue;
    if (!listed.version_line.empty()) return listed.version_line;
    return fmt::format("{} {} (Debian {} {})", program, listed.version, listed.package, listed.package_version);
  }
  return version_by_running(program, path);
}

std::vector<ListedVersion> listed_versions(const std::string& program) {
  const auto json = read_versions_json();
  std::vector<ListedVersion> out;
  if (!json.is_object() || !json.contains("programs") || !json["programs"].is_object()) return out;
  const auto& programs = json["programs"];
  if (!programs.contains(program) || !programs[program].is_object()) return out;
  for (const auto& [version, entry] : programs[program].items()) {
    if (!entry.is_object() || string_field(entry, "path").empty()) continue;
    out.push_back({.version = version,
                   .path = tools_dir() / string_field(entry, "path"),
                   .version_line = string_field(entry, "version_line"),
                   .package = string_field(entry, "package"),
                   .package_version = string_field(entry, "package_version"),
                   .origin = string_field(entry, "origin"),
                   .is_default = entry.contains("default") && entry["default"].is_boolean() &&
                                 entry["default"].get<bool>()});
  }
  std::sort(out.begin(), out.end(),
            [](const ListedVersion& a, const ListedVersion& b) { return version_parts(a.version) < version_parts(b.version); });
  return out;
}

}  // namespace rwchaos::harness
