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
};

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
  std::string verdict;  // pass | fail | error
  std::string error;    // why, when verdict is error
  std::uint64_t seed = 0;
  // false: the run never reached its checks (verdict error), so `counts` are not a measurement: zeros,
  // or what was collected after the error, for diagnosis. Tables show "—" for them.
  bool measured = false;
  Counts counts;
  std::vector<CheckResult> checks;
  std::optional<Rule> rule;
  Artefacts artefacts;
  std::string started;   // ISO 8601 UTC, e.g. 2026-11-23T12:00:00.123Z
  std::string finished;
  double duration = 0;   // seconds from started to finished
};

// pass when every check passes, fail otherwise (error is set by the runner, not by checks).
std::string verdict_of(const std::vector<CheckResult>& checks);
std::string iso8601_utc(std::chrono::system_clock::time_point time);

void to_json(nlohmann::json& json, const RunReport& report);
void from_json(const nlohmann::json& json, RunReport& report);

}  // namespace rwchaos::harness
