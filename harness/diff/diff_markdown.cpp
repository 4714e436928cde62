#include "harness/diff/diff_markdown.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "harness/common/counted.hpp"
#include "harness/counts/counts.hpp"
#include "harness/diff/diffed_counts.hpp"
#include "harness/reports/markdown_table.hpp"
#include "harness/reports/verdict_text.hpp"

namespace rwchaos::harness {
namespace {

const RunReport* base_of(const ScenarioChange& change) { return change.pair.base ? &change.pair.base->report : nullptr; }
const RunReport* next_of(const ScenarioChange& change) { return change.pair.next ? &change.pair.next->report : nullptr; }

// "a" when both sides agree, "a → b" when not, "–" for a side without the scenario.
std::string cell(const RunReport* base, const RunReport* next, std::string (*text)(const RunReport&)) {
  const std::string before = base ? text(*base) : "–", after = next ? text(*next) : "–";
  return before == after ? before : before + " → " + after;
}

std::string clients_of(const ResultsSide& side) {
  std::vector<std::string> clients;
  for (const auto& entry : side.reports) {
    const std::string client = client_title(entry.report.client);
    if (std::find(clients.begin(), clients.end(), client) == clients.end()) clients.push_back(client);
  }
  return fmt::format("{}", fmt::join(clients, ", "));
}

std::string side_line(const char* label, const ResultsSide& side) {
  return fmt::format("{} `{}`: {}, {}\n", label, side.folder, counted(side.reports.size(), "report"), clients_of(side));
}

std::string what_changed(const ScenarioChange& change) {
  std::vector<std::string> parts;
  if (!change.worse.empty()) parts.push_back(fmt::format("**worse**: {}", fmt::join(change.worse, "; ")));
  if (!change.better.empty()) parts.push_back(fmt::format("better: {}", fmt::join(change.better, "; ")));
  if (!change.changed.empty()) parts.push_back(fmt::format("changed: {}", fmt::join(change.changed, "; ")));
  return fmt::format("{}", fmt::join(parts, " · "));
}

std::vector<std::string> row_of(const ScenarioChange& change) {
  const RunReport* base = base_of(change);
  const RunReport* next = next_of(change);
  std::vector<std::string> row = {change.pair.key,
                                  cell(base, next, [](const RunReport& r) { return client_title(r.client); }),
                                  cell(base, next, [](const RunReport& r) { return r.verdict; })};
  for (const auto& count : diffed_counts()) {
    const std::string before = base ? count_text(*base, count.name) : "–";
    const std::string after = next ? count_text(*next, count.name) : "–";
    row.push_back(before == after ? before : before + " → " + after);
  }
  row.push_back(cell(base, next, may_taken));
  row.push_back(what_changed(change));
  return row;
}

std::string verdict_line(const std::vector<ScenarioChange>& changes) {
  std::size_t better = 0, changed = 0;
  std::vector<std::string> regressions;
  for (const auto& change : changes) {
    if (change.regressed())
      regressions.push_back(fmt::format("{} ({})", change.pair.key, fmt::join(change.worse, "; ")));
    else if (!change.better.empty()) ++better;
    else if (!change.changed.empty()) ++changed;
  }
  if (!regressions.empty())
    return fmt::format("**REGRESSION**: {} of {} scenarios got worse: {}.\n", regressions.size(), changes.size(),
                       fmt::join(regressions, ", "));
  return fmt::format("**No regression**: {} compared, {} better, {} changed, none worse.\n",
                     counted(changes.size(), "scenario"), better, changed);
}

}  // namespace

std::string render_diff_markdown(const ResultsSide& base, const ResultsSide& next,
                                 const std::vector<ScenarioChange>& changes) {
  std::string md = "# rwchaos diff\n\n" + side_line("BASE", base) + "\n" + side_line("NEW", next) + "\n";
  std::vector<std::string> columns = {"scenario", "client", "verdict"};
  for (const auto& count : diffed_counts()) columns.push_back(count.name);
  columns.insert(columns.end(), {"MAY taken", "what changed"});

  std::string rows;
  std::vector<std::string> noise;
  for (const auto& change : changes) {
    if (change.shown()) rows += markdown_row(row_of(change));
    else if (!change.within_tolerance.empty())
      noise.push_back(fmt::format("{} ({})", change.pair.key, fmt::join(change.within_tolerance, ", ")));
  }
  md += rows.empty() ? "Nothing changed beyond timing tolerance.\n" : markdown_header(columns) + rows;
  if (!noise.empty())
    md += fmt::format("\nWithin timing tolerance (docs/ci.md, not judged): {}.\n", fmt::join(noise, "; "));
  return md + "\n" + verdict_line(changes);
}

}  // namespace rwchaos::harness
