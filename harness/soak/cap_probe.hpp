#pragma once
// The connection cap: open idle connections past it and see the extra ones reset at once.
#include <cstdint>

#include "harness/soak/raw_socket.hpp"

namespace rwchaos::harness::soak {

struct CapProbeResult {
  std::uint64_t opened = 0;
  std::uint64_t connect_failures = 0;
  std::uint64_t reset_at_once = 0;  // closed by the upstream within the probe's second: over the cap
  std::uint64_t held = 0;           // accepted and left idle
};

// Opens `count` connections, sends nothing, looks after a second which the upstream closed, then
// closes all of them.
CapProbeResult probe_connection_cap(const HostPort& to, std::uint64_t count);

}  // namespace rwchaos::harness::soak
