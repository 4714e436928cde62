#pragma once
// The headers of every write (remote-write 1.0 "Protocol": all four MUST be sent), as the
// `no-headers` and `wrong-version-header` misbehaviours change them.
#include "harness/clients/reference_misbehaviours.hpp"
#include "harness/sender/write_client.hpp"

namespace rwchaos::harness::sender {

// "rwchaos-sender/<version>": the User-Agent names the sender and its version, as the spec asks.
std::string user_agent();

Headers request_headers(const Misbehaviours& misbehave);

}  // namespace rwchaos::harness::sender
