#include "harness/clients/client_accepts.hpp"

#include <fmt/format.h>

#include "harness/clients/reference_misbehaviours.hpp"

namespace rwchaos::harness {

std::vector<ClientRefusal> refusals(const ClientAdapter& adapter, const ClientSpec& client) {
  std::vector<ClientRefusal> found;
  const auto& only = adapter.accepts.only_send_timeout;
  if (only && client.send_timeout.count() > 0 && client.send_timeout != *only) {
    const double seconds = only->count() / 1000.0;
    found.push_back({"send_timeout", fmt::format("{}'s remote-write timeout is a fixed {:g}s with no flag to change it "
                                                 "({}); use {:g}s or leave send_timeout out",
                                                 adapter.kind, seconds, adapter.accepts.only_send_timeout_source,
                                                 seconds)});
  }
  if (adapter.built_in && !client.binary.empty())
    found.push_back({"binary", adapter.kind + " is this rwchaos binary (`rwchaos sender`); leave binary out"});
  if (!adapter.accepts.misbehave && !client.misbehave.empty())
    found.push_back({"misbehave", "only the reference sender misbehaves on request (this client is " + adapter.kind + ")"});
  if (adapter.accepts.misbehave)
    if (const ParsedMisbehaviours parsed = parse_misbehaviours(client.misbehave); !parsed.error.empty())
      found.push_back({"misbehave", parsed.error});
  return found;
}

}  // namespace rwchaos::harness
