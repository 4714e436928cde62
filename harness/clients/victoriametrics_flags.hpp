#pragma once
// The flags vmalert and vmagent share: both VictoriaMetrics apps name their remote-write URL and
// flush interval, HTTP listener and log level alike (app/vmalert/remotewrite/init.go,
// app/vmagent/remotewrite/remotewrite.go, lib/httpserver, lib/logger in 1.79.5).
#include <string>
#include <vector>

#include "harness/clients/client_adapter.hpp"

namespace rwchaos::harness {

// -remoteWrite.url=<ctx.write_url>, a 500 ms flush interval, 127.0.0.1:<ctx.listen_port>, INFO logs,
// and the remote-write timeout when the scenario sets one and `adapter`'s version has its flag.
std::vector<std::string> victoriametrics_flags(const ClientContext& ctx, const ClientAdapter& adapter);

}  // namespace rwchaos::harness
