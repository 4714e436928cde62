#pragma once
// A client adapter turns a scenario's `client:` into a process: argv, config files, where its own
// metrics are, and how it names the samples it writes. One file per kind; the registry lists them.
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "harness/process/child_process.hpp"
#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

// Which generator endpoint feeds the client.
enum class GeneratorSource { scrape, query, none };

struct ClientContext {
  const Scenario* scenario = nullptr;
  std::filesystem::path run_dir;       // config files and data folders go here
  std::filesystem::path log_file;
  std::string binary;                  // resolved binary path (unused by `command`)
  std::string write_base_url;          // http://127.0.0.1:P of the hop or the upstream, no path
  std::string generator_host_port;     // 127.0.0.1:G
  int listen_port = 0;                 // for the client's own HTTP server (metrics, readiness)
};

struct ClientLaunch {
  ChildSpec spec;
  std::string ready_url;    // polled for 200 after start; empty = none
  std::string metrics_url;  // the client's own /metrics; empty = none
  GeneratorSource source = GeneratorSource::none;
  std::string stored_metric;  // the name the generator's values are stored under
};

struct ClientAdapter {
  std::string kind;
  std::string binary_name;  // looked up in .tools/bin, then PATH
  std::function<ClientLaunch(const ClientContext&)> prepare;
  // What the client says it dropped, from its parsed /metrics (name{labels} -> value).
  std::function<double(const std::map<std::string, double>&)> dropped_samples;
};

// The adapters in harness/clients/*.cpp.
ClientAdapter vmalert_adapter();
ClientAdapter vmagent_adapter();
ClientAdapter prometheus_adapter();
ClientAdapter command_adapter();

// Sum of every series of `name` (any labels) in parsed metrics.
double sum_metric(const std::map<std::string, double>& metrics, const std::string& name);

}  // namespace rwchaos::harness
