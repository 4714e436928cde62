// `rwchaos clients`: one row per version of each client adapter, then the storage and hop programs.
#include "harness/clients/clients_command.hpp"

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "harness/clients/binaries.hpp"
#include "harness/clients/client_registry.hpp"
#include "harness/clients/service_programs.hpp"
#include "harness/common/exit_codes.hpp"
#include "harness/process/rwchaos_binary.hpp"

namespace rwchaos::harness {
namespace {

struct Row {
  std::string kind, version, is_default, binary, from;
};

// Where a found binary came from: versions.json's origin for a listed one, else how it was found.
std::string origin_of(const std::string& program, const ProgramLocation& where) {
  for (const ListedVersion& listed : listed_versions(program)) {
    std::error_code ec;
    if (std::filesystem::equivalent(listed.path, where.path, ec)) return origin_text(listed);
  }
  return where.found_in == "PATH" ? "PATH" : where.found_in;
}

Row version_row(const std::string& kind, const std::string& program, const std::string& version, bool is_default) {
  const ProgramLocation where = find_program_version(program, version, is_default);
  if (!where.found()) return {kind, version, is_default ? "yes" : "", "-", "MISSING: " + where.error};
  return {kind, version, is_default ? "yes" : "", where.path.string(), origin_of(program, where)};
}

void print_table(const std::vector<Row>& rows) {
  const Row header{"kind", "version", "default", "binary", "from"};
  std::size_t width[4] = {header.kind.size(), header.version.size(), header.is_default.size(), header.binary.size()};
  for (const Row& row : rows) {
    width[0] = std::max(width[0], row.kind.size());
    width[1] = std::max(width[1], row.version.size());
    width[2] = std::max(width[2], row.is_default.size());
    width[3] = std::max(width[3], row.binary.size());
  }
  auto line = [&](const Row& row) {
    std::cout << fmt::format("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", row.kind, width[0], row.version, width[1],
                             row.is_default, width[2], row.binary, width[3], row.from);
  };
  line(header);
  for (const Row& row : rows) line(row);
}

}  // namespace

int clients_command() {
  std::vector<Row> rows;
  for (const auto& adapter : client_adapters()) {
    if (adapter.built_in) {
      rows.push_back({adapter.kind, RWCHAOS_VERSION, "yes", rwchaos_binary(), "built in: rwchaos sender"});
      continue;
    }
    if (adapter.binary_name.empty()) {
      rows.push_back({adapter.kind, "-", "", "(argv from the scenario)", "any program that writes remote-write"});
      continue;
    }
    for (const auto& version : adapter.versions)
      rows.push_back(version_row(adapter.kind, adapter.binary_name, version.version, version.is_default));
  }
  for (const auto& service : service_programs())
    for (const auto& version : service.versions)
      rows.push_back(version_row(service.role + " " + service.kind, service.program, version,
                                 version == service.default_version));
  print_table(rows);
  const auto missing = std::count_if(rows.begin(), rows.end(), [](const Row& row) { return row.from.starts_with("MISSING"); });
  if (missing > 0)
    std::cout << fmt::format("\n{} program(s) missing: run scripts/setup (tools dir: {})\n", missing,
                             tools_dir().string());
  std::cout << "\nA scenario's client.binary runs that file instead, whatever the version says.\n";
  return exit_pass;
}

}  // namespace rwchaos::harness
