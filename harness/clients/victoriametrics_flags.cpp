#include "harness/clients/victoriametrics_flags.hpp"

#include <fmt/format.h>

namespace rwchaos::harness {

std::vector<std::string> victoriametrics_flags(const ClientContext& ctx) {
  return {
      "-remoteWrite.url=" + ctx.write_url,
      "-remoteWrite.flushInterval=500ms",
      fmt::format("-httpListenAddr=127.0.0.1:{}", ctx.listen_port),
      "-loggerLevel=INFO",
  };
}

}  // namespace rwchaos::harness
