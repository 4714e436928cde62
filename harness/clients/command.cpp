// Any remote-write sender given as an argv template. Placeholders: {{upstream_url}} (the full
// write URL), {{port}} (a free port for the command's own use), {{run_dir}}.
#include "harness/clients/client_adapter.hpp"
#include "harness/clients/client_launch.hpp"
#include "harness/clients/client_log.hpp"

namespace rwchaos::harness {

namespace {

std::vector<std::string> command_line(const ClientContext& ctx) {
  std::vector<std::string> argv;
  for (const auto& arg : ctx.client.argv) argv.push_back(expand_placeholders(arg, ctx));
  return argv;
}

}  // namespace

ClientAdapter command_adapter() {
  // No generator, no metrics the harness knows: the scenario names the series to expect.
  return {.kind = "command", .write_path = "/api/v1/write", .command_line = command_line, .is_error_line = any_error_word};
}

}  // namespace rwchaos::harness
