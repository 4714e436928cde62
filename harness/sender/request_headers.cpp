#include "harness/sender/request_headers.hpp"

namespace rwchaos::harness::sender {

std::string user_agent() { return std::string("rwchaos-sender/") + RWCHAOS_VERSION; }

Headers request_headers(const Misbehaviours& misbehave) {
  if (misbehave.count(Misbehaviour::no_headers)) return {};
  // 2.0.0 is remote-write 2.0's value: a sender that announces it over a 1.0 body is wrong either way.
  const char* version = misbehave.count(Misbehaviour::wrong_version_header) ? "2.0.0" : "0.1.0";
  return {{"Content-Encoding", "snappy"},
          {"Content-Type", "application/x-protobuf"},
          {"User-Agent", user_agent()},
          {"X-Prometheus-Remote-Write-Version", version}};
}

}  // namespace rwchaos::harness::sender
