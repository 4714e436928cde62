#pragma once
// Where the real programs are (vmalert, vmagent, prometheus, victoria-metrics, haproxy, vmauth) and which
// version each is. Order: an explicit path, else $RWCHAOS_TOOLS_DIR/bin (env var, else the
// RWCHAOS_TOOLS_DIR compile definition = <repo>/.tools, filled by scripts/setup), else PATH.
#include <filesystem>
#include <string>
#include <vector>

namespace rwchaos::harness {

struct ProgramLocation {
  std::string program;         // "vmalert", ...
  std::filesystem::path path;  // empty when not found
  std::string found_in;        // "explicit" | "tools" | "PATH"
  std::string version;         // as the program prints it; empty if unknown
  std::string error;           // why it was not found, naming the fix
  bool found() const { return error.empty(); }
};

// The programs scripts/setup provides, in display order.
const std::vector<std::string>& known_programs();

// $RWCHAOS_TOOLS_DIR if set, else the compile-time default.
std::filesystem::path tools_dir();

// Never throws; a missing program comes back with `error` set ("... run scripts/setup").
ProgramLocation find_program(const std::string& program, const std::filesystem::path& explicit_path = {});

// `program` at one version: `explicit_path` when given; else versions.json's entry for `version`;
// else, for the default version only, find_program's order (<tools>/bin, PATH). A version not
// installed comes back with `error` naming the versions versions.json lists and the fix.
ProgramLocation find_program_version(const std::string& program, const std::string& version, bool is_default,
                                     const std::filesystem::path& explicit_path = {});

// Like find_program, but throws std::runtime_error with the error message when it is missing.
std::filesystem::path require_program(const std::string& program, const std::filesystem::path& explicit_path = {});

// The version: from <tools>/versions.json when `path` is the tools copy or a version it lists,
// else the first line the program prints for its version flag (run with argv, no shell). Empty when
// it cannot be read. A listed version whose binary prints none (Debian 13's VictoriaMetrics) is
// named by its package: "vmalert 1.112.0 (Debian victoria-metrics 1.112.0+ds1-2)".
std::string program_version(const std::string& program, const std::filesystem::path& path);

// One entry of versions.json's "programs" (docs/clients.md, "versions.json").
struct ListedVersion {
  std::string version;          // upstream version, the key: "1.112.0"
  std::filesystem::path path;   // resolved against the tools folder
  std::string version_line;     // what the binary prints for its version flag; may be empty
  std::string package;          // the Debian package it comes from
  std::string package_version;  // that package's Debian version
  std::string origin;           // "built from Debian 12 source", "Debian 13 package"; may be empty
  bool is_default = false;      // the version a plain `kind` runs
};

// Where a listed version came from, for `rwchaos clients`: its origin and package, e.g.
// "Debian 13 package (victoria-metrics 1.112.0+ds1-2)".
std::string origin_text(const ListedVersion& listed);

// Every version of `program` that <tools>/versions.json lists, oldest first; empty when the file or
// the program's entry is missing or malformed.
std::vector<ListedVersion> listed_versions(const std::string& program);

}  // namespace rwchaos::harness
