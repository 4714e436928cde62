#pragma once
// HAProxy as a hop between client and upstream (DESIGN.md "Hop"): server-side keep-alive pooling,
// `retries N`, config generated per run.
#include <filesystem>
#include <memory>
#include <string>

#include "harness/env/hop.hpp"
#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

// The haproxy.cfg text for one run: frontend on 127.0.0.1:frontend_port, backend = the upstream.
std::string haproxy_config(const HopSpec& hop, int frontend_port, const std::string& upstream_host_port);

// Writes <run_dir>/haproxy.cfg, starts `haproxy -db -f cfg`, waits for its monitor URI.
std::unique_ptr<Hop> start_haproxy_hop(const std::string& binary, const HopSpec& hop, const std::string& upstream_host_port,
                                       const std::filesystem::path& run_dir, const std::filesystem::path& log_file);

}  // namespace rwchaos::harness
