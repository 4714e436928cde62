#pragma once
// The scrape job vmagent and Prometheus share: the generator as one static target, scraped every
// client.interval (vmagent reads Prometheus' scrape_configs format, lib/promscrape/config.go).
#include <string>

#include "harness/clients/client_adapter.hpp"

namespace rwchaos::harness {

// A `scrape_configs:` section (YAML, ending in a newline) with one job, `rwchaos`.
std::string scrape_config_yaml(const ClientContext& ctx);

}  // namespace rwchaos::harness
