// `rwchaos clients`: one row per client adapter, plus the storage and hop programs.
#include "harness/clients/clients_command.hpp"

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "harness/clients/binaries.hpp"
#include "harness/clients/client_registry.hpp"
#include "harness/common/exit_codes.hpp"
#include "harness/process/rwchaos_binary.hpp"

namespace rwchaos::harness {
namespace {

struct Row {
  std::string adapter, binary, version, status;
};

Row program_row(const std::string& adapter, const std::string& program) {
  const ProgramLocation where = find_program(program);
  if (!where.found()) return {adapter, "-", "-", "MISSING: " + where.error};
  return {adapter, where.path.string(), where.version.empty() ? "?" : where.version, "ok (" + where.found_in + ")"};
}

void print_table(const std::vector<Row>& rows) {
  const std::vector<std::string> header{"adapter", "binary", "version", "status"};
  std::size_t width[3] = {header[0].size(), header[1].size(), header[2].size()};
  for (const Row& row : rows) {
    width[0] = std::max(width[0], row.adapter.size());
    width[1] = std::max(width[1], row.binary.size());
    width[2] = std::max(width[2], row.version.size());
  }
  auto line = [&](const std::string& a, const std::string& b, const std::string& c, const std::string& d) {
    std::cout << fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", a, width[0], b, width[1], c, width[2], d);
  };
  line(header[0], header[1], header[2], header[3]);
  for (const Row& row : rows) line(row.adapter, row.binary, row.version, row.status);
}

}  // namespace

int clients_command() {
  std::vector<Row> rows;
  for (const auto& adapter : client_adapters()) {
    if (adapter.built_in)
      rows.push_back({adapter.kind, rwchaos_binary(), RWCHAOS_VERSION, "ok (built in: rwchaos sender)"});
    else if (adapter.binary_name.empty())
      rows.push_back({adapter.kind, "(argv from the scenario)", "-", "ok (any program that writes remote-write)"});
    else
      rows.push_back(program_row(adapter.kind, adapter.binary_name));
  }
  rows.push_back(program_row("storage victoria-metrics", "victoria-metrics"));
  rows.push_back(program_row("hop haproxy", "haproxy"));
  print_table(rows);
  const auto missing = std::count_if(rows.begin(), rows.end(),
                                     [](const Row& row) { return row.status.starts_with("MISSING"); });
  if (missing > 0)
    std::cout << fmt::format("\n{} program(s) missing: run scripts/setup (tools dir: {})\n", missing,
                             tools_dir().string());
  return exit_pass;
}

}  // namespace rwchaos::harness
