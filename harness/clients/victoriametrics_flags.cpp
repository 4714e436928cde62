#include "harness/clients/victoriametrics_flags.hpp"

#include <fmt/format.h>

namespace rwchaos::harness {

std::vector<std::string> victoriametrics_flags(const ClientContext& ctx, const ClientAdapter& adapter) {
  std::vector<std::string> flags = {
      "-remoteWrite.url=" + ctx.write_url,
      "-remoteWrite.flushInterval=500ms",
      fmt::format("-httpListenAddr=127.0.0.1:{}", ctx.listen_port),
      "-loggerLevel=INFO",
  };
  const ClientVersion* version = find_client_version(adapter, ctx.client);
  if (version && !version->send_timeout_flag.empty() && ctx.client.send_timeout.count() > 0)
    flags.push_back(fmt::format("-{}={}ms", version->send_timeout_flag, ctx.client.send_timeout.count()));
  return flags;
}

}  // namespace rwchaos::harness
