#pragma once
// A scenario's `client:` section (docs/scenario.md "client"): what the scenario asks of the client
// under test. The scenario model holds it; the adapters read it and say what they accept of it.
#include <cstdint>
#include <string>
#include <vector>

#include "harness/common/duration.hpp"

namespace rwchaos::harness {

struct ClientSpec {
  std::string kind;                      // vmalert | vmagent | prometheus | reference | command
  std::string binary;                    // overrides the binary found by `rwchaos clients`
  std::vector<std::string> argv;         // command: argv template ({{upstream_url}}, {{port}}, ...)
  std::vector<std::string> args;         // extra flags appended to the client's argv (backoff, ...)
  // reference only: rules broken on purpose (clients/reference_misbehaviours.hpp), in the order given.
  std::vector<std::string> misbehave;
  Duration interval{1000};               // rule evaluation / scrape interval of the generator
  Duration send_timeout{0};              // remote-write request timeout; 0 = the client's default
  // command only: metric names the client writes and how many samples each must end up with.
  std::vector<std::string> expected_series;
  std::uint64_t expected_samples_per_series = 0;
};

}  // namespace rwchaos::harness
