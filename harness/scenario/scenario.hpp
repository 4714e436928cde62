#pragma once
// The scenario model (docs/scenario.md). YAML key = field name = report key.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/clients/client_spec.hpp"
#include "harness/common/duration.hpp"

namespace rwchaos::harness {

// A conformance rule a scenario checks (suites/conformance), with its RFC 2119 level.
struct Rule {
  std::string text;
  std::string level;  // MUST | SHOULD | MAY
  std::string source; // where the rule is written (spec section URL)
};

struct HopSpec {
  std::string kind = "none";  // none | haproxy | istio
  int retries = 0;            // haproxy `retries`
  Duration server_keepalive{0};  // 0 = haproxy default
  // kind istio (docs/scenario.md "hop"): the Istio release whose generated config is modelled,
  // whether the server is meshed too, the Service the client writes to, and the user's policies
  // (paths resolved against the scenario's folder).
  std::string istio = "1.24";
  bool server_sidecar = true;
  std::string host;
  int port = 8480;
  std::string ns = "default";  // `namespace`
  std::vector<std::string> policies;
  std::vector<std::string> warnings;  // from the policies: hosts matching nothing, fields not modelled
};

struct Phase {
  Duration at{0};
  // The faults to install for this phase, as a YAML flow sequence for PUT /plan: the phase's own
  // `faults:` entries followed by the `upstream:` entries (which hold in every phase).
  std::string faults_yaml;
  std::size_t fault_count = 0;  // the phase's own entries (not counting upstream ones)
  bool implicit = false;        // inserted at 0s because the first written phase starts later
};

// `generator:`: what the ground-truth generator serves beside its one counter.
struct GeneratorSpec {
  // > 0: a second ground-truth series is served from the start and stops at this run time (the same
  // clock as phases), so a sender must mark it stale (remote-write 1.0 "Stale Markers"). Local only.
  Duration stopping_series{0};
};

struct Bound {
  std::optional<double> min;
  std::optional<double> max;
  bool exact() const { return min && max && *min == *max; }
};

struct Scenario {
  std::string file;  // where it was loaded from, for errors and reports
  std::string name;
  std::string description;
  std::optional<Rule> rule;
  ClientSpec client;
  std::string storage = "victoria-metrics";  // victoria-metrics | none
  HopSpec hop;
  std::uint64_t seed = 1;
  GeneratorSpec generator;
  // `upstream:` settings that hold for the whole run, as plan fault entries (a YAML flow sequence;
  // "[]" when none). Already appended to every phase's faults_yaml; the runner installs this alone
  // for the settle period.
  std::string upstream_faults_yaml = "[]";
  std::vector<Phase> phases;  // at least one; phases[0].at == 0
  Duration duration{30000};
  Duration settle{10000};  // after the last phase: faults off, client drains its retries
  std::map<std::string, Bound> expect;  // key = a key of Counts (harness/counts/counts.hpp)
  // MAY rules only: the counts that show the client did not take the rule (verdict not_taken when
  // `expect` fails and all of these hold). Empty: a failed expect is a fail.
  std::map<std::string, Bound> not_taken;
};

}  // namespace rwchaos::harness
