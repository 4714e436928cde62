#pragma once
// A client adapter: the facts of one client kind (what feeds it, where it writes, its readiness and
// metrics endpoints, what it reports dropped, what it accepts of a `client:` section, its kind
// manifest) and the command line that starts it. One file per kind; the registry lists them.
// Environments and the scenario loader ask the adapter; nothing else restates these facts.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/clients/client_spec.hpp"

namespace rwchaos::harness {

// Which generator endpoint feeds the client (harness/generator/generator.hpp).
enum class GeneratorSource { scrape, query, none };

// What a client's drop counters count. Blocks hold many samples each, so for them a non-zero value
// says the client reported a drop, not how many samples it dropped.
enum class DropUnit { samples, blocks };

// The counters a client reports dropped data in, each summed over all its series.
struct DropMetrics {
  std::vector<std::string> names;
  DropUnit unit = DropUnit::samples;
};

// What a client accepts of a `client:` section beyond the grammar, checked by `rwchaos validate`,
// `rwchaos run --client` and before a launch (client_accepts.hpp). Unset = any valid value.
struct ClientAccepts {
  std::optional<Duration> only_send_timeout;  // a fixed remote-write timeout: the one value it has
  std::string only_send_timeout_source;       // where that is written, for the message
  bool misbehave = false;  // takes client.misbehave (the reference sender's misbehaviours)
};

// Where one launch of the client writes and listens.
struct ClientContext {
  ClientSpec client;
  std::filesystem::path run_dir;    // config files and data folders go here
  std::filesystem::path log_file;
  std::string binary;               // resolved binary path (unused by `command`)
  std::string write_url;            // the hop's or upstream's base URL + the adapter's write_path
  std::string generator_host_port;  // 127.0.0.1:G
  int listen_port = 0;              // for the client's own HTTP server (metrics, readiness)
};

struct ClientAdapter {
  std::string kind;
  std::string binary_name;  // looked up in .tools/bin, then PATH; empty: argv[0] of the scenario
  bool built_in = false;    // an rwchaos subcommand: the binary is rwchaos itself (binary_name unused)
  GeneratorSource source = GeneratorSource::none;
  std::string stored_metric;  // the name storage keeps the generator's values under; empty: none
  std::string write_path;     // appended to the base URL ("" for a client that appends its own)
  std::string ready_path;     // on listen_port, polled for 200 after start; empty = none
  std::string metrics_path;   // on listen_port, its own Prometheus metrics; empty = none
  // Prefixes of the names in its metrics worth keeping: the remote-write side, not Go runtime noise.
  std::vector<std::string> remote_write_metric_prefixes;
  DropMetrics dropped;
  ClientAccepts accepts;
  // Its Deployment (named as the kind) in kind/clients/<kind>.yaml listens on this port for
  // metrics; 0 = the kind path has no manifest for this client.
  int kind_http_port = 0;
  // Its own argv (argv[0] = ctx.binary), writing any config file it needs into ctx.run_dir. The
  // scenario's `args` are not in it: prepare_launch (client_launch.hpp) appends them.
  std::vector<std::string> (*command_line)(const ClientContext&) = nullptr;
  // Which lines of its log are errors, in its log format (client_log.hpp); null: any_error_word.
  bool (*is_error_line)(std::string_view line) = nullptr;
};

// The adapters in harness/clients/*.cpp.
ClientAdapter vmalert_adapter();
ClientAdapter vmagent_adapter();
ClientAdapter prometheus_adapter();
ClientAdapter reference_adapter();
ClientAdapter command_adapter();

}  // namespace rwchaos::harness
