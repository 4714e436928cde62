#include "harness/clients/scrape_config.hpp"

#include <fmt/format.h>

namespace rwchaos::harness {

std::string scrape_config_yaml(const ClientContext& ctx) {
  return fmt::format(
      "scrape_configs:\n"
      "  - job_name: rwchaos\n"
      "    scrape_interval: {0}ms\n"
      "    scrape_timeout: {0}ms\n"
      "    static_configs:\n"
      "      - targets: [\"{1}\"]\n",
      ctx.client.interval.count(), ctx.generator_host_port);
}

}  // namespace rwchaos::harness
