#pragma once
// `when`: which requests a fault applies to. All given keys must hold (docs/internals.md "Plan YAML").
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "faults/config/duration.hpp"
#include "faults/config/yaml_reader.hpp"

namespace rwchaos::faults {

struct When {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> requests;  // inclusive ranges; empty = all
  std::uint64_t every = 0;                                       // 0 = every request
  std::optional<double> probability;
  std::optional<Duration> from;
  std::optional<Duration> until;
  std::optional<bool> reused;
  std::optional<std::string> path;
  // The connection idled at least this long before this request: since the upstream finished
  // writing its previous answer on it. A connection's first request was never idle.
  std::optional<Duration> idle_for;
};

// What is known about a request (or connection) when a fault is chosen.
struct Facts {
  std::optional<std::uint64_t> request_id;  // none on a new connection (accept stage); idle: its last request
  bool reused = false;
  Duration since_install{0};
  std::optional<std::string> path;          // unknown before the request line is read
  std::uint64_t connection_id = 0;
  // How long the connection idled before this request's first bytes (since the end of the previous
  // answer on it); none for a connection's first request and at the accept and idle stages.
  std::optional<Duration> idle;

  // What `requests`, `every` and `probability` count: requests, or connections before any request
  // (so `refuse` with `requests: "1-3"` refuses the first three connections).
  std::uint64_t counted_id() const { return request_id.value_or(connection_id); }
};

// An absent or empty `field` selects every request; errors go to `reader`.
When parse_when(config::YamlReader& reader, const config::Field& field);
bool matches(const When& when, const Facts& facts, std::uint64_t seed, std::size_t fault_index);

// Deterministic uniform draw in [0,1) from (seed, fault index, id): same inputs, same answer.
double seeded_draw(std::uint64_t seed, std::uint64_t fault_index, std::uint64_t id);

}  // namespace rwchaos::faults
