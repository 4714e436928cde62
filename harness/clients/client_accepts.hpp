#pragma once
// What a client accepts of a `client:` section (ClientAccepts, an adapter fact), held against one.
#include <string>
#include <vector>

#include "harness/clients/client_adapter.hpp"

namespace rwchaos::harness {

// A value of a `client:` section the client cannot honour.
struct ClientRefusal {
  std::string field;    // the key of `client:`, e.g. "send_timeout"
  std::string message;  // why, naming the client and the source of the limit
};

// Empty when the client accepts every value of `client`.
std::vector<ClientRefusal> refusals(const ClientAdapter& adapter, const ClientSpec& client);

}  // namespace rwchaos::harness
