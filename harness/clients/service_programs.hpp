#pragma once
// The programs a run starts beside the client (storage and hops) and the versions of each the
// harness knows, as the client adapters know theirs. `storage_version:` picks a storage version.
#include <string>
#include <vector>

namespace rwchaos::harness {

struct ServiceProgram {
  std::string role;                   // "storage" | "hop"
  std::string kind;                   // what a scenario writes: "victoria-metrics", "haproxy", "vmauth"
  std::string program;                // its binary's name (versions.json key)
  std::vector<std::string> versions;  // oldest first
  std::string default_version;
};

const std::vector<ServiceProgram>& service_programs();
// nullptr when none has this role and kind.
const ServiceProgram* find_service_program(const std::string& role, const std::string& kind);

}  // namespace rwchaos::harness
