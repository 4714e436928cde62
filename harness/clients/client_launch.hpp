#pragma once
// One launch of a client, the same way for every kind: the adapter's command line plus the user's
// flags file and the scenario's `args`, its log and run folder, and the URLs of its readiness and metrics endpoints.
#include <string>

#include "harness/clients/client_adapter.hpp"
#include "harness/process/child_process.hpp"

namespace rwchaos::harness {

struct ClientLaunch {
  ChildSpec spec;
  std::string ready_url;    // polled for 200 after start; empty = none
  std::string metrics_url;  // the client's own /metrics; empty = none
};

// `ctx.write_url` must already end in the adapter's write_path. The placeholders {{upstream_url}}
// (= ctx.write_url), {{port}} (= ctx.listen_port) and {{run_dir}} are replaced in the scenario's
// `args`, as in a command client's argv template. Throws std::runtime_error naming the `client.`
// field when the client refuses a value of ctx.client (client_accepts.hpp).
ClientLaunch prepare_launch(const ClientAdapter& adapter, const ClientContext& ctx);

// {{upstream_url}}, {{port}} and {{run_dir}} of `ctx` replaced in `text`.
std::string expand_placeholders(std::string text, const ClientContext& ctx);

}  // namespace rwchaos::harness
