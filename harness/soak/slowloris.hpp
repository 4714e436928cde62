#pragma once
// Slowloris: many connections that send a request's headers one byte per tick and never finish
// them. The upstream must close each at its header timeout (408) and keep serving everyone else.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/soak/raw_socket.hpp"

namespace rwchaos::harness::soak {

struct SlowlorisPlan {
  int connections = 1000;                        // held open at once
  std::chrono::milliseconds window{30'000};      // how long the attack lasts
  std::chrono::milliseconds tick{1000};          // one header byte per connection per tick
  std::chrono::milliseconds header_timeout{10'000};  // the upstream's, to judge its enforcement
  std::uint64_t max_total = 20'000;              // bound on connections opened, replacements included
};

struct SlowlorisResult {
  std::uint64_t opened = 0;
  std::uint64_t connect_failures = 0;
  std::uint64_t peak_open = 0;
  std::uint64_t closed_by_upstream = 0;
  std::map<std::string, std::uint64_t> answers;  // status or ending -> n
  std::vector<double> lifetimes_s;               // of the connections the upstream closed
  std::uint64_t overdue = 0;  // lived past header_timeout + 3 s (closed late, or still open at the end)
  std::uint64_t bytes_sent = 0;
};

// One thread; reopens a connection the upstream closed while the window lasts.
SlowlorisResult run_slowloris(const HostPort& to, const SlowlorisPlan& plan);

}  // namespace rwchaos::harness::soak
