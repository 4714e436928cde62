#pragma once
// What a client accepts of a `client:` section (its version's ClientAccepts and flag list, adapter
// facts), held against one.
#include <string>
#include <vector>

#include "harness/clients/client_adapter.hpp"

namespace rwchaos::harness {

// A value of a `client:` section the client cannot honour.
struct ClientRefusal {
  std::string field;    // the key of `client:`, e.g. "send_timeout"
  std::string message;  // why, naming the client and the source of the limit
};

// Empty when the client (at the version `client` names) accepts every value of `client`. An unknown
// version is one refusal of field "version", listing the known ones.
std::vector<ClientRefusal> refusals(const ClientAdapter& adapter, const ClientSpec& client);

}  // namespace rwchaos::harness
