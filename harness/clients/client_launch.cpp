#include "harness/clients/client_launch.hpp"

#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "harness/clients/client_accepts.hpp"

namespace rwchaos::harness {
namespace {

std::string local_url(int port, const std::string& path) {
  return path.empty() ? std::string{} : fmt::format("http://127.0.0.1:{}{}", port, path);
}

}  // namespace

std::string expand_placeholders(std::string text, const ClientContext& ctx) {
  const std::map<std::string, std::string> values = {
      {"upstream_url", ctx.write_url}, {"port", std::to_string(ctx.listen_port)}, {"run_dir", ctx.run_dir.string()}};
  for (const auto& [key, value] : values) {
    const std::string token = "{{" + key + "}}";
    for (auto pos = text.find(token); pos != std::string::npos; pos = text.find(token, pos + value.size()))
      text.replace(pos, token.size(), value);
  }
  return text;
}

ClientLaunch prepare_launch(const ClientAdapter& adapter, const ClientContext& ctx) {
  // Validation refuses these already; a scenario built in code must not start a client misled.
  if (const auto refused = refusals(adapter, ctx.client); !refused.empty())
    throw std::runtime_error("client." + refused.front().field + ": " + refused.front().message);
  std::vector<std::string> argv = adapter.command_line(ctx);
  // The user's flags file, then the scenario's args: for a flag given twice the last one wins (Go's
  // flag package; the flags the harness sets and a file may set are no list flags), so each overrides
  // the harness's defaults such as -remoteWrite.flushInterval.
  for (const auto& flag : ctx.client.file_flags) argv.push_back(flag.text);
  for (const auto& arg : ctx.client.args) argv.push_back(expand_placeholders(arg, ctx));
  return {{adapter.kind, std::move(argv), ctx.log_file, ctx.run_dir, {}},
          local_url(ctx.listen_port, adapter.ready_path),
          local_url(ctx.listen_port, adapter.metrics_path)};
}

}  // namespace rwchaos::harness
