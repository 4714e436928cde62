#pragma once
// The fault upstream (`rwchaos upstream`) as a child of the harness, driven through its control API
// (docs/internals.md).
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "faults/ledger/connection_fault.hpp"
#include "faults/ledger/record.hpp"
#include "harness/checks/observations.hpp"
#include "harness/process/child_process.hpp"

namespace rwchaos::harness {

struct UpstreamSettings {
  std::string binary;           // the rwchaos binary (/proc/self/exe)
  std::string forward_url;      // empty: the upstream's in-memory store is the storage
  std::filesystem::path run_dir;  // ready file and ledger go here
  std::filesystem::path log_file;
  std::string initial_plan_yaml;  // written to a plan file when not empty
};

class UpstreamProcess {
 public:
  // Starts it, waits for the ready file and /healthz. Throws with the log tail.
  static std::unique_ptr<UpstreamProcess> start(const UpstreamSettings& settings);

  std::string listen_url() const;   // http://127.0.0.1:P (remote-write listener, no path)
  std::string write_url() const;    // listen_url() + /api/v1/write
  std::string control_url() const;  // http://127.0.0.1:C
  ChildProcess& process() { return *process_; }

  // PUT /plan; throws with the upstream's error (plan:LINE:COL: ...) on 400.
  void set_plan(const std::string& plan_yaml);
  nlohmann::json stats();
  std::vector<faults::LedgerRecord> ledger(std::uint64_t since = 0);  // GET /ledger?since=
  std::vector<faults::ConnectionFault> connection_faults();  // GET /connection-faults
  // GET /export: committed samples when there is no storage behind the upstream.
  std::vector<StoredSeries> export_series();

 private:
  std::unique_ptr<ChildProcess> process_;
  std::string listen_;
  std::string control_;
};

}  // namespace rwchaos::harness
