#pragma once
// One `rwchaos sidecar` as a child of the harness (docs/internals.md "The sidecar"): started from a
// config JSON, ready once its ready file is written and GET /ready answers, read through GET /stats.
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/process/child_process.hpp"

namespace rwchaos::harness {

struct SidecarSettings {
  std::string binary;               // the rwchaos binary
  std::string name = "sidecar";     // file names in run_dir: <name>.json, <name>.ready.json, <name>.log
  std::filesystem::path run_dir;
  nlohmann::json config;            // the sidecar config; "listen"/"admin" default to 127.0.0.1:0
};

class SidecarProcess {
 public:
  // Throws std::runtime_error with the log tail when it exits or is not ready within 15 s.
  static std::unique_ptr<SidecarProcess> start(const SidecarSettings& settings);

  std::string listen_address() const;  // 127.0.0.1:P as bound
  int listen_port() const;
  std::string admin_url() const;       // http://127.0.0.1:A
  nlohmann::json stats();              // GET /stats; throws when it does not answer
  ChildProcess& process() { return *process_; }

 private:
  std::unique_ptr<ChildProcess> process_;
  std::string listen_;
  std::string admin_;
};

}  // namespace rwchaos::harness
