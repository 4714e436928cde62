#include "harness/diff/match_reports.hpp"

#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "harness/reports/verdict_text.hpp"

namespace rwchaos::harness {
namespace {

// How much of the client a key holds.
enum class KeyDetail { scenario, kind, version };

std::string key_of(const RunReport& report, KeyDetail detail) {
  switch (detail) {
    case KeyDetail::scenario: return report.scenario;
    // The label keeps the reference sender's misbehaviours apart, as the matrix does.
    case KeyDetail::kind: return fmt::format("{} · {}", report.scenario, client_label(report.client));
    case KeyDetail::version:
      return fmt::format("{} · {}@{}", report.scenario, client_label(report.client), client_release(report.client));
  }
  return report.scenario;
}

// Key -> the side's report; false, and why in `clash`, when two reports share a key.
using KeyIndex = std::map<std::string, const SideReport*>;
bool index_side(const ResultsSide& side, KeyDetail detail, KeyIndex& index, std::string& clash) {
  index.clear();
  for (const auto& entry : side.reports) {
    const auto [at, inserted] = index.emplace(key_of(entry.report, detail), &entry);
    if (!inserted) {
      clash = fmt::format("{}: two reports of scenario '{}' for client {}: {} and {}", side.folder,
                          entry.report.scenario, client_title(entry.report.client), at->second->file.string(),
                          entry.file.string());
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<ReportPair> match_reports(const ResultsSide& base, const ResultsSide& next) {
  KeyIndex base_index, next_index;
  std::string clash;
  KeyDetail detail = KeyDetail::scenario;
  for (const KeyDetail tried : {KeyDetail::scenario, KeyDetail::kind, KeyDetail::version}) {
    detail = tried;
    if (index_side(base, detail, base_index, clash) && index_side(next, detail, next_index, clash)) {
      clash.clear();
      break;
    }
  }
  if (!clash.empty()) throw std::runtime_error(clash);

  std::vector<ReportPair> pairs;
  for (const auto& entry : base.reports) {
    const std::string key = key_of(entry.report, detail);
    const auto found = next_index.find(key);
    pairs.push_back({key, &entry, found == next_index.end() ? nullptr : found->second});
  }
  for (const auto& entry : next.reports) {
    const std::string key = key_of(entry.report, detail);
    if (!base_index.count(key)) pairs.push_back({key, nullptr, &entry});
  }
  return pairs;
}

}  // namespace rwchaos::harness
