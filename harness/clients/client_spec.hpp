#pragma once
// A scenario's `client:` section (docs/scenario.md "client"): what the scenario asks of the client
// under test. The scenario model holds it; the adapters read it and say what they accept of it.
#include <cstdint>
#include <string>
#include <vector>

#include "harness/common/duration.hpp"

namespace rwchaos::harness {

// One line of a flags file (`client.flags_file`): the flag as written, and where.
struct FileFlag {
  std::string text;  // "-remoteWrite.maxQueueSize=1000", trimmed
  std::string name;  // "remoteWrite.maxQueueSize"
  int line = 0;      // 1-based line in the flags file
};

struct ClientSpec {
  std::string kind;                      // vmalert | vmagent | prometheus | reference | command
  std::string version;                   // an adapter version ("1.112.0"); empty = the adapter's default
  std::string binary;                    // overrides the binary found by `rwchaos clients`
  std::vector<std::string> argv;         // command: argv template ({{upstream_url}}, {{port}}, ...)
  std::vector<std::string> args;         // extra flags appended to the client's argv (backoff, ...)
  // reference only: rules broken on purpose (clients/reference_misbehaviours.hpp), in the order given.
  std::vector<std::string> misbehave;
  Duration interval{1000};               // rule evaluation / scrape interval of the generator
  Duration send_timeout{0};              // remote-write request timeout; 0 = the client's default
  // vmalert, vmagent: the user's own flags (client_flags_file.hpp), read when the scenario is loaded;
  // they come before `args`.
  std::string flags_file;                // as resolved (relative to the scenario file); empty = none
  std::vector<FileFlag> file_flags;
  // prometheus: the user's own remote_write entry (prometheus_remote_write.hpp), read when the
  // scenario is loaded; the harness writes it with its own url.
  std::string remote_write;              // the user's prometheus.yml, as resolved; empty = none
  std::string remote_write_name;         // which entry, by its `name:`; empty = the only one
  std::string remote_write_entry;        // that entry as YAML, url left out (re-emitted by the adapter)
  // command only: metric names the client writes and how many samples each must end up with.
  std::vector<std::string> expected_series;
  std::uint64_t expected_samples_per_series = 0;
};

}  // namespace rwchaos::harness
