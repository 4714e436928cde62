// Any remote-write sender given as an argv template. Placeholders: {{upstream_url}} (the full
// write URL), {{port}} (a free port for the command's own use), {{run_dir}}.
#include <fmt/format.h>

#include "harness/clients/client_adapter.hpp"

namespace rwchaos::harness {

namespace {

std::string expand(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [key, value] : values) {
    const std::string token = "{{" + key + "}}";
    for (auto pos = text.find(token); pos != std::string::npos; pos = text.find(token, pos + value.size()))
      text.replace(pos, token.size(), value);
  }
  return text;
}

ClientLaunch prepare(const ClientContext& ctx) {
  const auto& client = ctx.scenario->client;
  const std::map<std::string, std::string> values = {{"upstream_url", ctx.write_base_url + "/api/v1/write"},
                                                     {"port", std::to_string(ctx.listen_port)},
                                                     {"run_dir", ctx.run_dir.string()}};
  std::vector<std::string> argv;
  for (const auto& arg : client.argv) argv.push_back(expand(arg, values));
  for (const auto& arg : client.args) argv.push_back(expand(arg, values));
  ClientLaunch launch;
  launch.spec = {"command", argv, ctx.log_file, ctx.run_dir, {}};
  launch.source = GeneratorSource::none;
  return launch;
}

}  // namespace

ClientAdapter command_adapter() {
  return {"command", "", prepare,
          [](const std::map<std::string, double>&) { return 0.0; }};
}

}  // namespace rwchaos::harness
