#pragma once
// vmauth (VictoriaMetrics' own proxy, 1.112.0) as a hop between client and upstream, config
// generated per run. What it retries, read in app/vmauth/main.go of the 1.112.0 source
// (processRequest, tryProcessingRequest, readTrackingBody):
// - each backend of url_prefix is tried once per request (`backends`: how often the upstream is
//   listed); a failed one is skipped by other requests for -failTimeout (3s);
// - a status in retry_status_codes goes to the next backend; after the last, the client gets 502
//   "all the N backends ... are unavailable", not the upstream's status;
// - a connection error ("EOF") goes to the next backend; "reset by peer" and "broken pipe" are
//   first re-sent once on the same backend;
// - only a body of at most -maxRequestBodySizeToRetry (16 KiB) is kept for a re-send; a larger one
//   gets 503 "cannot proxy the request" / "cannot retry ... already consumed" at its first failure.
#include <filesystem>
#include <memory>
#include <string>

#include "harness/env/hop.hpp"
#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

// The -auth.config text: every request of any user goes to the upstream, listed hop.backends times.
std::string vmauth_config(const HopSpec& hop, const std::string& upstream_url);
// Its command line but the binary.
std::vector<std::string> vmauth_flags(const HopSpec& hop, int listen_port, const std::filesystem::path& config);

// Writes <run_dir>/vmauth.yml, starts vmauth, waits for its /health.
std::unique_ptr<Hop> start_vmauth_hop(const std::string& binary, const HopSpec& hop, const std::string& upstream_url,
                                      const std::filesystem::path& run_dir, const std::filesystem::path& log_file);

}  // namespace rwchaos::harness
