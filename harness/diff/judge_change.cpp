#include "harness/diff/judge_change.hpp"

#include <map>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "harness/counts/counts.hpp"
#include "harness/diff/diffed_counts.hpp"
#include "harness/reports/run_report.hpp"

namespace rwchaos::harness {
namespace {

// Empty for a `known` count the run could not tell (a block-counting client's silent_loss).
std::optional<std::uint64_t> count_of(const RunReport& report, const std::string& name) {
  const auto values = count_values(report.counts, name);
  if (!values || values->empty()) return std::nullopt;
  return static_cast<std::uint64_t>(values->front());
}

std::string known_or_unknown(const std::optional<std::uint64_t>& value) {
  return value ? std::to_string(*value) : "unknown";
}

// How bad a verdict is: the ones that do not fail a run (pass, a MAY not taken) 0, fail 1, error 2
// (the run no longer says anything about the rule; report.json reading refuses other words).
int verdict_badness(const std::string& verdict) {
  if (verdict_succeeds(verdict)) return 0;
  return verdict == "fail" ? 1 : 2;
}

// Names of the checks that pass in `from` and fail in `to`.
std::vector<std::string> checks_turned_failing(const RunReport& from, const RunReport& to) {
  std::map<std::string, bool> passed;
  for (const auto& check : from.checks) passed[check.name] = check.pass;
  std::vector<std::string> names;
  for (const auto& check : to.checks)
    if (!check.pass && passed.count(check.name) && passed[check.name]) names.push_back(check.name);
  return names;
}

void judge_verdict(const RunReport& base, const RunReport& next, ScenarioChange& change) {
  const int before = verdict_badness(base.verdict), after = verdict_badness(next.verdict);
  const auto failing = checks_turned_failing(base, next), passing = checks_turned_failing(next, base);
  const std::string why = next.verdict == "error" && !next.error.empty() ? fmt::format(" ({})", next.error)
                          : failing.empty()                            ? ""
                                                                       : fmt::format(" ({})", fmt::join(failing, ", "));
  if (after > before) {
    change.worse.push_back(fmt::format("verdict {} → {}{}", base.verdict, next.verdict, why));
  } else if (after < before) {
    change.better.push_back(fmt::format("verdict {} → {}", base.verdict, next.verdict));
  } else {
    // Same verdict, but a check that passed now fails (or the reverse): the scenario moved anyway.
    if (!failing.empty()) change.worse.push_back(fmt::format("now failing: {}", fmt::join(failing, ", ")));
    if (!passing.empty()) change.better.push_back(fmt::format("now passing: {}", fmt::join(passing, ", ")));
  }
  const std::string taken_before = may_taken(base), taken_after = may_taken(next);
  if (taken_before != taken_after && taken_before != "–" && taken_after != "–")
    change.changed.push_back(fmt::format("MAY rule taken {} → {}", taken_before, taken_after));
}

// NEW stopped retrying a batch the receiver refused with a 4xx (other than 429), and every sample
// it lost more than BASE it reported dropped. The spec's MUST NOT retry makes that drop required:
// BASE kept those samples only by retrying against the rule (vmalert 1.79.5 -> 1.112.0 in
// no-retry-400, docs/ci.md). Such a lost increase is a change, not a regression.
bool mandated_4xx_drop(const RunReport& base, const RunReport& next) {
  return base.counts.retried_4xx > 0 && next.counts.retried_4xx == 0 && base.counts.silent_loss &&
         next.counts.silent_loss && *next.counts.silent_loss <= *base.counts.silent_loss;
}

void judge_count(const DiffedCount& count, const RunReport& base_report, const RunReport& next_report,
                 ScenarioChange& change) {
  const auto known_base = count_of(base_report, count.name), known_next = count_of(next_report, count.name);
  if (known_base == known_next) return;
  if (!known_base || !known_next) {
    // Known on one side only: no number to compare, so neither worse nor better.
    change.changed.push_back(
        fmt::format("{} {} → {}", count.name, known_or_unknown(known_base), known_or_unknown(known_next)));
    return;
  }
  const std::uint64_t base = *known_base, next = *known_next;
  const std::string text = fmt::format("{} {} → {}", count.name, base, next);
  const bool noise = within_tolerance(count, base, next);
  switch (count.worse) {
    case WhenWorse::any_growth:
      if (next > base && count.name == "lost" && mandated_4xx_drop(base_report, next_report))
        return change.changed.push_back(text + " (a 4xx-refused batch dropped and reported, as the spec requires)");
      (next > base ? change.worse : change.better).push_back(text);
      return;
    case WhenWorse::appearing:
      if (base == 0) return change.worse.push_back(text);
      if (next == 0) return change.better.push_back(text);
      break;
    case WhenWorse::beyond_tolerance:
      if (!noise) return (next > base ? change.worse : change.better).push_back(text);
      break;
    case WhenWorse::never:
      break;
  }
  (noise ? change.within_tolerance : change.changed).push_back(text);
}

}  // namespace

std::string may_taken(const RunReport& report) {
  if (!report.rule || report.rule->level != "MAY") return "–";
  if (report.verdict == "error") return "?";
  return report.verdict == "not_taken" ? "no" : "yes";
}

ScenarioChange judge_change(const ReportPair& pair) {
  ScenarioChange change{pair, {}, {}, {}, {}};
  if (pair.next == nullptr) {
    change.worse.push_back("missing in NEW");
    return change;
  }
  if (pair.base == nullptr) {
    change.changed.push_back(fmt::format("only in NEW ({})", pair.next->report.verdict));
    return change;
  }
  const RunReport& base = pair.base->report;
  const RunReport& next = pair.next->report;
  judge_verdict(base, next, change);
  // A run that measured nothing (an error before the counts): its zeros are not measurements.
  if (!base.measured || !next.measured) return change;
  for (const auto& count : diffed_counts()) judge_count(count, base, next, change);
  return change;
}

}  // namespace rwchaos::harness
