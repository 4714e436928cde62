#pragma once
// `rwchaos upstream`: the fault upstream as a standalone process.
#include <cstddef>
#include <string>

namespace rwchaos::faults {

struct UpstreamOptions {
  std::string listen = "127.0.0.1:0";   // remote-write listener, host:port ([::1]:port for IPv6)
  std::string control = "127.0.0.1:0"; // control API listener
  std::string control_token;            // required to bind the control API beyond loopback
  std::string plan_file;                // YAML: seed + faults
  std::string forward_url;              // storage write URL; empty = the ledger is the storage
  std::string ledger_file;              // JSONL, one record per request, flushed per record
  std::string ready_file;               // written with the bound ports once listening
  bool ledger_samples = false;          // list every request's samples (series, timestamps) in the ledger
  std::size_t max_body_bytes = 32u << 20;
  std::size_t max_connections = 4096;
  std::size_t max_buffered_bytes = 512u << 20;  // all requests in progress together (bodies + decoded)
  double header_timeout_s = 10.0;
};

// Runs until SIGINT/SIGTERM; returns the process exit code.
int run_upstream(const UpstreamOptions& options);

}  // namespace rwchaos::faults
