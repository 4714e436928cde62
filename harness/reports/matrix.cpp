#include "harness/reports/matrix.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "harness/reports/report_json.hpp"

namespace rwchaos::harness {
namespace {

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

std::string cell(const RunReport& report) {
  if (report.verdict == "error") return "ERROR";
  const Counts& c = report.counts;
  const char* verdict = report.verdict == "pass" ? "pass" : report.verdict == "not_taken" ? "not taken" : "**FAIL**";
  return fmt::format("{} · lost {} · dup {} · retries {} · silent {}", verdict,
                     c.lost, known_text(c.duplicated), c.retries, known_text(c.silent_loss));
}

}  // namespace

std::string render_matrix(const std::vector<RunReport>& reports) {
  std::vector<std::string> scenarios, clients;
  std::map<std::pair<std::string, std::string>, const RunReport*> cells;
  std::map<std::string, std::string> level;
  for (const auto& report : reports) {
    add_unique(scenarios, report.scenario);
    add_unique(clients, client_label(report.client));
    cells[{report.scenario, client_label(report.client)}] = &report;
    if (report.rule) level[report.scenario] = report.rule->level;
  }
  std::string md = "| scenario | level |";
  std::string rule = "| --- | --- |";
  for (const auto& client : clients) {
    md += " " + client + " |";
    rule += " --- |";
  }
  md += "\n" + rule + "\n";
  for (const auto& scenario : scenarios) {
    md += "| " + scenario + " | " + (level.count(scenario) ? level[scenario] : "-") + " |";
    for (const auto& client : clients) {
      const auto found = cells.find({scenario, client});
      md += " " + (found == cells.end() ? std::string("–") : cell(*found->second)) + " |";
    }
    md += "\n";
  }
  return md;
}

std::string render_matrix_files(const std::vector<std::string>& report_paths) {
  std::vector<RunReport> reports;
  for (const auto& path : report_paths) reports.push_back(read_report_json(path));
  return render_matrix(reports);
}

}  // namespace rwchaos::harness
