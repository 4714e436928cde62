#pragma once
// One scenario run as report.json holds it (DESIGN.md "Ledger and checks"; docs/interpreting-results.md).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/checks/evaluate.hpp"
#include "harness/counts/counts.hpp"
#include "harness/scenario/scenario.hpp"

namespace rwchaos::harness {

struct ReportClient {
  std::string kind;
  std::string binary;
  std::string version;
  std::vector<std::string> misbehave;  // the reference sender's rules broken on purpose
};

// "reference:retry-4xx,no-retry" with misbehaviours, else the kind: the client's column in tables.
std::string client_label(const ReportClient& client);

// Paths relative to the run's results folder.
struct Artefacts {
  std::string junit = "junit.xml";
  std::string summary = "summary.md";
  std::string timeline = "timeline.svg";
  std::string logs = "logs/";
};

struct RunReport {
  std::string scenario;
  std::string file;  // the scenario file
  ReportClient client;
  std::string verdict;  // one of known_verdicts()
  std::string error;    // why, when verdict is error
  std::uint64_t seed = 0;
  // false: the run never reached its checks (verdict error), so `counts` are not a measurement: zeros,
  // or what was collected after the error, for diagnosis. Tables show "—" for them.
  bool measured = false;
  // The settle ended with every expected sample stored and every offered sample acknowledged
  // (Environment::drain); false also when the run ended before the settle.
  bool drained = false;
  Counts counts;
  std::vector<CheckResult> checks;
  // The scenario's `not_taken` conditions (MAY rules only): when `checks` fail and these all hold,
  // the client did not take the rule, in the way the scenario allows: verdict not_taken.
  std::vector<CheckResult> not_taken;
  std::optional<Rule> rule;
  Artefacts artefacts;
  std::string started;   // ISO 8601 UTC, e.g. 2026-11-23T12:00:00.123Z
  std::string finished;
  double duration = 0;   // seconds from started to finished
  nlohmann::json hop;    // hop_json(scenario.hop); null for no hop
  std::vector<std::string> warnings;  // e.g. an Istio policy whose host matches nothing
};

// report.json `hop`: the scenario's hop; for istio it says it ran a MODEL of Envoy (`model`).
nlohmann::json hop_json(const HopSpec& hop);

// pass | fail | error | not_taken (a MAY rule the client does not follow): every word a verdict can be.
const std::vector<std::string>& known_verdicts();
// pass when every check passes; else not_taken when there are not_taken checks and all of them
// pass; else fail (error is set by the runner, not by checks).
std::string verdict_of(const std::vector<CheckResult>& checks, const std::vector<CheckResult>& not_taken = {});
// Verdicts that do not fail a run: pass, and not_taken (a MAY the client does not take).
bool verdict_succeeds(const std::string& verdict);
std::string iso8601_utc(std::chrono::system_clock::time_point time);

void to_json(nlohmann::json& json, const RunReport& report);
void from_json(const nlohmann::json& json, RunReport& report);

}  // namespace rwchaos::harness
