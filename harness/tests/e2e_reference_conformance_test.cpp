// suites/conformance against the reference sender, correct and with each misbehaviour switched on:
// every check of the suite is shown able to fail on a real run, and the misbehaviour fails exactly
// the scenarios that target its rule, with the count that shows why (docs/suites.md
// "Misbehaviours"). All eleven suite runs go at once; each runs its scenarios in parallel.
#include "harness/tests/e2e_support.hpp"

#include <functional>
#include <map>

namespace rwchaos::harness::e2e {
namespace {

const std::string suite = std::string(RWCHAOS_SOURCE_DIR) + "/suites/conformance";

// A scenario the misbehaviour must break: its verdict and the check whose observed value says why.
struct Caught {
  std::string verdict = "fail";
  std::string check;
  std::string why;  // the observed value the check must show, in words
  std::function<bool(const nlohmann::json&)> observed;
  // A check that must pass, observing this value: `no-retry` counts its drops (silent_loss 0).
  std::string passing_check = {};
  double passing_value = 0;
};

bool at_least_one(const nlohmann::json& observed) { return observed.is_number() && observed.get<double>() >= 1; }
bool at_most(const nlohmann::json& observed, double limit) { return observed.is_number() && observed.get<double>() <= limit; }
// Some retry came sooner than Retry-After (3 s) asked.
bool some_interval_below(const nlohmann::json& observed, double ms) {
  if (!observed.is_array()) return false;
  for (const auto& interval : observed)
    if (interval.is_number() && interval.get<double>() < ms) return true;
  return false;
}

using Targets = std::map<std::string, Caught>;

const Caught retried_4xx = {"fail", "retried_4xx", ">= 1", at_least_one};
const Caught lost = {"fail", "lost", ">= 1", at_least_one, "silent_loss", 0};
const Caught silent = {"fail", "silent_loss", ">= 1", at_least_one};
const Caught no_5xx_retry = {"fail", "retried_5xx", "0", [](const nlohmann::json& o) { return at_most(o, 0); }};

// The scenarios whose rule a sender that gives up on a 5xx breaks; `how` is the count that shows it.
Targets five_xx_scenarios(const Caught& how) {
  return {{"retry-500", how},
          {"retry-502", how},
          {"retry-503", how},
          {"retry-504", how},
          {"no-loss-transient-5xx", how.check == "silent_loss" ? how : lost},
          {"retry-503-after", no_5xx_retry},
          {"backoff-grows", {"fail", "max_attempts", "1 (never retried)", [](const nlohmann::json& o) { return at_most(o, 1); }}},
          {"backoff-capped", {"fail", "retries", "0", [](const nlohmann::json& o) { return at_most(o, 0); }}}};
}

const std::map<std::string, Targets>& matrix() {
  static const std::map<std::string, Targets> table = {
      {"", {}},
      {"retry-4xx",
       {{"no-retry-400", retried_4xx}, {"no-retry-401", retried_4xx}, {"no-retry-404", retried_4xx}, {"no-retry-413", retried_4xx}}},
      {"no-retry", five_xx_scenarios(lost)},
      {"drop-on-5xx", five_xx_scenarios(silent)},
      {"constant-backoff",
       {{"backoff-grows", {"fail", "backoff_growth", "< 1.5 (each wait the first)", [](const nlohmann::json& o) {
                             return o.is_number() && o.get<double>() < 1.5;
                           }}}}},
      {"reorder", {{"timestamp-order", {"fail", "out_of_order", ">= 1", at_least_one}}}},
      {"no-headers", {{"required-headers", {"fail", "missing_headers", ">= 1", at_least_one}}}},
      {"wrong-version-header", {{"required-headers", {"fail", "missing_headers", ">= 1", at_least_one}}}},
      // Retry-After on a 429 is a SHOULD (fail); on a 503 a MAY (not taken).
      {"ignore-retry-after",
       {{"retry-429-after", {"fail", "retry_intervals_ms", "a retry sooner than 2900 ms", [](const nlohmann::json& o) {
                               return some_interval_below(o, 2900);
                             }}},
        {"retry-503-after", {"not_taken", "retry_intervals_ms", "a retry sooner than 2900 ms", [](const nlohmann::json& o) {
                               return some_interval_below(o, 2900);
                             }}}}},
      // Correct, like some real clients: everything passes, retries counted by sample identity.
      {"rebatch", {}},
      {"read-2xx-body", {{"ignore-2xx-body", {"fail", "retries", ">= 1", at_least_one}}}},
  };
  return table;
}

struct SuiteRun {
  std::string misbehave;
  fs::path results;
  fs::path output;
  std::unique_ptr<ChildProcess> process;
};

const nlohmann::json* find_check(const nlohmann::json& report, const std::string& name) {
  for (const auto& check : report["checks"])
    if (check.value("name", "") == name) return &check;
  return nullptr;
}

std::string failed_checks(const nlohmann::json& report) {
  std::string out;
  for (const auto& check : report["checks"])
    if (!check.value("pass", false)) out += " " + check.value("name", "") + "=" + check["observed"].dump();
  return out;
}

TEST(E2eReferenceConformance, EachMisbehaviourFailsExactlyTheScenariosThatTargetIt) {
  RWCHAOS_REQUIRE_PROGRAMS("victoria-metrics");
  WorkDir work("reference-conformance");
  std::vector<std::string> scenarios;
  for (const auto& entry : fs::directory_iterator(suite))
    if (entry.path().extension() == ".yaml") scenarios.push_back(entry.path().stem().string());
  ASSERT_GE(scenarios.size(), 14u);

  const auto started = std::chrono::steady_clock::now();
  std::vector<SuiteRun> runs;
  for (const auto& [misbehave, targets] : matrix()) {
    for (const auto& [scenario, caught] : targets)
      ASSERT_NE(std::find(scenarios.begin(), scenarios.end(), scenario), scenarios.end()) << scenario << " is not in the suite";
    const std::string name = "results-" + (misbehave.empty() ? "reference" : misbehave);
    SuiteRun run{misbehave, work.path() / name, work.path() / (name + ".out"), {}};
    const std::string client = misbehave.empty() ? "reference" : "reference:" + misbehave;
    run.process = start_named_run(work, name, {suite, "--client", client, "--jobs", "3"});
    runs.push_back(std::move(run));
  }
  const auto deadline = started + 420s;
  for (auto& run : runs)
    while (run.process->running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(100ms);
  const auto wall = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
  std::cerr << fmt::format("{} suite runs x {} scenarios: {} s\n", runs.size(), scenarios.size(), wall.count());

  for (auto& run : runs) {
    SCOPED_TRACE("misbehave: " + (run.misbehave.empty() ? std::string("(none)") : run.misbehave));
    if (run.process->running()) {
      run.process->stop(2000ms);
      ADD_FAILURE() << "still running after 420 s\n" << read_text(run.output);
      continue;
    }
    const Targets& targets = matrix().at(run.misbehave);
    const int exit_code = run.process->exit_status().value_or(-1);
    EXPECT_EQ(exit_code, targets.empty() ? 0 : 1) << read_text(run.output);
    for (const auto& scenario : scenarios) {
      const fs::path file = run.results / scenario / "report.json";
      if (!fs::exists(file)) {
        ADD_FAILURE() << scenario << ": no report.json\n" << read_text(run.output);
        continue;
      }
      const nlohmann::json report = nlohmann::json::parse(read_text(file));
      const std::string verdict = report.value("verdict", "");
      const auto target = targets.find(scenario);
      if (target == targets.end()) {
        EXPECT_EQ(verdict, "pass") << scenario << ":" << failed_checks(report) << " " << report.value("error", "");
        continue;
      }
      const Caught& caught = target->second;
      EXPECT_EQ(verdict, caught.verdict) << scenario << ":" << failed_checks(report) << " " << report.value("error", "");
      const nlohmann::json* check = find_check(report, caught.check);
      ASSERT_NE(check, nullptr) << scenario << " has no check " << caught.check;
      EXPECT_FALSE(check->value("pass", true)) << scenario << ": " << caught.check << " passed";
      EXPECT_TRUE(caught.observed((*check)["observed"]))
          << scenario << ": " << caught.check << " observed " << (*check)["observed"].dump() << ", expected " << caught.why;
      if (caught.passing_check.empty()) continue;
      const nlohmann::json* passing = find_check(report, caught.passing_check);
      ASSERT_NE(passing, nullptr) << scenario << " has no check " << caught.passing_check;
      EXPECT_TRUE(passing->value("pass", false)) << scenario << ": " << caught.passing_check;
      EXPECT_EQ((*passing)["observed"], caught.passing_value) << scenario << ": " << caught.passing_check;
    }
  }
}

}  // namespace
}  // namespace rwchaos::harness::e2e
