// One package list for this machine and the kind image (scripts/lib/packages-*.txt), and proof that
// it covers the build: every header the sources include from the system, every file CMake found, and
// every shared library the built binaries load belongs to a listed package or one of its
// dependencies. The image once failed to build for a header (xxhash.h) only scripts/setup installed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "harness/env/kind_tools.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ::testing::HasSubstr;

const fs::path source_dir = RWCHAOS_SOURCE_DIR;

std::string read_file(const fs::path& path) {
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

std::set<std::string> package_list(const fs::path& file) {
  std::set<std::string> packages;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line.substr(0, line.find('#')));
    for (std::string word; words >> word;) packages.insert(word);
  }
  return packages;
}

bool have_dpkg() { return !find_on_path("dpkg-query").empty(); }

// Every installed package's direct dependencies (Depends, Pre-Depends; every alternative), read once.
const std::map<std::string, std::vector<std::string>>& installed_dependencies() {
  static const std::map<std::string, std::vector<std::string>> dependencies = [] {
    std::map<std::string, std::vector<std::string>> out;
    const ToolResult all = run_tool({"dpkg-query", "-W", "-f=${Package}\t${Depends}, ${Pre-Depends}\n"}, 60s);
    const std::regex name(R"(([a-z0-9][a-z0-9+.-]+))");
    std::istringstream lines(all.output);
    for (std::string line; std::getline(lines, line);) {
      auto& depends = out[line.substr(0, line.find('\t'))];
      std::istringstream items(line.substr(line.find('\t') + 1));
      for (std::string item; std::getline(items, item, ',');) {
        std::istringstream alternatives(item);
        for (std::string alternative; std::getline(alternatives, alternative, '|');) {
          std::smatch match;
          if (std::regex_search(alternative, match, name)) depends.push_back(match[1]);
        }
      }
    }
    return out;
  }();
  return dependencies;
}

// The listed packages and everything they depend on, as installed here: a header of
// libboost1.74-dev counts for the listed libboost-dev.
std::set<std::string> dependency_closure(const std::set<std::string>& listed) {
  std::set<std::string> closure;
  std::vector<std::string> todo(listed.begin(), listed.end());
  while (!todo.empty()) {
    const std::string package = todo.back();
    todo.pop_back();
    if (!closure.insert(package).second) continue;
    const auto it = installed_dependencies().find(package);
    if (it != installed_dependencies().end()) todo.insert(todo.end(), it->second.begin(), it->second.end());
  }
  return closure;
}

// The same file under the names dpkg may have recorded: as given, resolved, and across merged /usr.
std::vector<std::string> dpkg_names(const fs::path& path) {
  std::vector<std::string> names = {path.string()};
  std::error_code ec;
  if (const fs::path real = fs::canonical(path, ec); !ec) names.push_back(real.string());
  for (const std::string& name : std::vector<std::string>(names))
    names.push_back(name.rfind("/usr/", 0) == 0 ? name.substr(4) : "/usr" + name);
  return names;
}

// The packages that installed each file (several for a shared directory), from one dpkg-query call.
std::map<fs::path, std::vector<std::string>> owners_of(const std::set<fs::path>& files) {
  std::vector<std::string> argv = {"dpkg-query", "-S"};
  for (const auto& file : files)
    for (const auto& name : dpkg_names(file)) argv.push_back(name);
  const ToolResult result = run_tool(argv, 120s);  // exit 1 when some name is unknown: expected
  std::map<std::string, std::vector<std::string>> by_name;  // "libxxhash-dev:amd64, x: /usr/include/xxhash.h"
  std::istringstream lines(result.output);
  for (std::string line; std::getline(lines, line);) {
    const auto colon = line.find(": /");
    if (colon == std::string::npos || line.rfind("diversion", 0) == 0) continue;
    std::istringstream packages(line.substr(0, colon));
    for (std::string package; std::getline(packages, package, ',');) {
      package.erase(0, package.find_first_not_of(' '));
      by_name[line.substr(colon + 2)].push_back(package.substr(0, package.find(':')));
    }
  }
  std::map<fs::path, std::vector<std::string>> owners;
  for (const auto& file : files)
    for (const auto& name : dpkg_names(file))
      if (by_name.count(name) && !owners.count(file)) owners[file] = by_name[name];
  return owners;
}

// System headers the project's sources include, as files: <xxhash.h> -> /usr/include/xxhash.h.
std::set<fs::path> system_headers_included() {
  const std::string multiarch = [] {
    const ToolResult result = run_tool({"g++", "-print-multiarch"}, 30s);
    return result.output.substr(0, result.output.find('\n'));
  }();
  const std::regex include(R"(^\s*#\s*include\s*<([^>]+)>)");
  std::set<fs::path> headers;
  for (const char* tree : {"faults", "harness", "kind"}) {
    for (const auto& entry : fs::recursive_directory_iterator(source_dir / tree)) {
      const std::string extension = entry.path().extension().string();
      if (extension != ".cpp" && extension != ".hpp" && extension != ".h") continue;
      std::ifstream in(entry.path());
      for (std::string line; std::getline(in, line);) {
        std::smatch match;
        if (!std::regex_search(line, match, include)) continue;
        for (const fs::path& dir : {fs::path("/usr/include"), fs::path("/usr/include") / multiarch}) {
          if (fs::is_regular_file(dir / match[1].str())) headers.insert(dir / match[1].str());
        }
      }
    }
  }
  return headers;
}

// Files CMake found for the build (Boost_DIR, Protobuf_PROTOC_EXECUTABLE, GTest_DIR, ...).
std::set<fs::path> files_cmake_found() {
  std::set<fs::path> files;
  const std::regex entry(R"(^([A-Za-z_][A-Za-z0-9_]*):(PATH|FILEPATH)=(/usr/.+)$)");
  std::ifstream in(fs::path(RWCHAOS_BUILD_DIR) / "CMakeCache.txt");
  for (std::string line; std::getline(in, line);) {
    std::smatch match;
    if (!std::regex_match(line, match, entry) || match[1].str().rfind("CMAKE_", 0) == 0) continue;
    if (fs::exists(match[3].str())) files.insert(match[3].str());
  }
  return files;
}

// "path (package P)" for each file none of whose owners is in `allowed`.
std::vector<std::string> not_covered(const std::set<fs::path>& files, const std::set<std::string>& allowed) {
  const auto owners = owners_of(files);
  std::vector<std::string> missing;
  for (const auto& file : files) {
    const auto it = owners.find(file);
    if (it == owners.end()) {
      missing.push_back(file.string() + " (package ?)");
      continue;
    }
    bool covered = false;
    for (const auto& owner : it->second) covered = covered || allowed.count(owner) != 0;
    if (!covered) missing.push_back(file.string() + " (package " + it->second.front() + ")");
  }
  return missing;
}

// The shared libraries `binary` loads. A sanitizer build's runtimes (scripts/test --sanitize) are left
// out: the image builds Release without them.
std::set<fs::path> shared_libraries_of(const std::string& binary) {
  std::set<fs::path> libraries;
  const ToolResult ldd = run_tool({"ldd", binary}, 30s);
  const std::regex resolved(R"(=>\s*(/\S+))");
  const std::regex sanitizer_runtime(R"(lib(asan|ubsan|lsan|tsan)\.so.*)");
  std::istringstream lines(ldd.output);
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (!std::regex_search(line, match, resolved)) continue;
    const fs::path library = match[1].str();
    if (!std::regex_match(library.filename().string(), sanitizer_runtime)) libraries.insert(library);
  }
  return libraries;
}

TEST(KindPackages, TheImageAndSetupInstallTheSameLists) {
  const std::string dockerfile = read_file(source_dir / "kind" / "Dockerfile");
  EXPECT_THAT(dockerfile, HasSubstr("COPY scripts/lib/packages-build.txt"));
  EXPECT_THAT(dockerfile, HasSubstr("COPY scripts/lib/packages-runtime.txt"));
  // No package named by hand beside the lists: an apt-get line takes only what sed reads from them.
  const std::regex install(R"(apt-get install[^\n]*\\\n\s*([^\n]*))");
  int installs = 0;
  for (std::sregex_iterator it(dockerfile.begin(), dockerfile.end(), install), end; it != end; ++it, ++installs)
    EXPECT_THAT((*it)[1].str(), ::testing::MatchesRegex(R"(\$\(sed 's/#\.\*//' /tmp/packages-(build|runtime)\.txt\) \\)"));
  EXPECT_EQ(installs, 2);
  EXPECT_THAT(read_file(source_dir / "scripts" / "setup"), HasSubstr("scripts/lib/packages-build.txt"));
}

TEST(KindPackages, TheBuildListCoversEverySystemHeaderAndWhatCMakeFound) {
  if (!have_dpkg()) GTEST_SKIP() << "dpkg-query not found: this check needs Debian (scripts/setup's platform)";
  const std::set<std::string> listed = package_list(source_dir / "scripts" / "lib" / "packages-build.txt");
  const std::set<std::string> allowed = dependency_closure(listed);
  const std::set<fs::path> headers = system_headers_included();
  EXPECT_TRUE(headers.count("/usr/include/xxhash.h")) << "the scan finds no system header";
  EXPECT_THAT(not_covered(headers, allowed), ::testing::IsEmpty()) << "add their packages to scripts/lib/packages-build.txt";
  const std::set<fs::path> found = files_cmake_found();
  EXPECT_GE(found.size(), 5u);
  EXPECT_THAT(not_covered(found, allowed), ::testing::IsEmpty()) << "add their packages to scripts/lib/packages-build.txt";
}

// The check above can fail: the list as it was before the ingest rewrite's header was added.
TEST(KindPackages, AListWithoutLibxxhashDevIsCaught) {
  if (!have_dpkg()) GTEST_SKIP() << "dpkg-query not found: this check needs Debian (scripts/setup's platform)";
  std::set<std::string> listed = package_list(source_dir / "scripts" / "lib" / "packages-build.txt");
  ASSERT_EQ(listed.erase("libxxhash-dev"), 1u);
  EXPECT_THAT(not_covered(system_headers_included(), dependency_closure(listed)),
              ::testing::Contains("/usr/include/xxhash.h (package libxxhash-dev)"));
}

TEST(KindPackages, TheRuntimeListCoversEveryLibraryTheBinariesLoad) {
  if (!have_dpkg()) GTEST_SKIP() << "dpkg-query not found: this check needs Debian (scripts/setup's platform)";
  const std::set<std::string> allowed =
      dependency_closure(package_list(source_dir / "scripts" / "lib" / "packages-runtime.txt"));
  for (const std::string& binary : {std::string(RWCHAOS_BINARY), std::string(RWCHAOS_KIND_GENERATOR)}) {
    const std::set<fs::path> libraries = shared_libraries_of(binary);
    EXPECT_GE(libraries.size(), 3u) << binary;
    EXPECT_THAT(not_covered(libraries, allowed), ::testing::IsEmpty())
        << binary << ": add their packages to scripts/lib/packages-runtime.txt";
  }
}

}  // namespace
}  // namespace rwchaos::harness
