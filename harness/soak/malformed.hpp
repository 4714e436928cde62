#pragma once
// Malformed remote-write requests, each kind with the answer the upstream owes it (400 for bad HTTP,
// bad snappy, bad protobuf and decompression bombs, 413 for a body over the cap), and a bounded
// load loop that sends them and counts the answers.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/soak/raw_socket.hpp"

namespace rwchaos::harness::soak {

struct MalformedKind {
  std::string name;
  int expected_status = 0;
  int weight = 1;           // share of the mix; heavy bodies get less
  std::string bytes;        // the whole request as sent
};

// Built once, deterministic (seeded). `max_body_bytes` is the upstream's body cap.
std::vector<MalformedKind> malformed_kinds(std::size_t max_body_bytes);

struct MalformedResult {
  std::uint64_t sent = 0;
  std::uint64_t connect_failures = 0;
  std::uint64_t as_expected = 0;
  std::map<std::string, std::map<std::string, std::uint64_t>> answers;  // kind -> status or ending -> n
  double seconds = 0;
};

// Sends `count` requests (one connection each, the kinds mixed by weight) from `threads` threads,
// stopping early at `limit`.
MalformedResult send_malformed(const HostPort& to, const std::vector<MalformedKind>& kinds, std::uint64_t count,
                               int threads, std::chrono::milliseconds limit);

}  // namespace rwchaos::harness::soak
