#include "harness/reports/scenario_results.hpp"

#include <fstream>
#include <sstream>

#include "harness/reports/report_json.hpp"

namespace rwchaos::harness {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

ScenarioResults read_scenario_results(const RunReport& report, const fs::path& dir, const fs::path& page_dir) {
  ScenarioResults results;
  results.report = report;
  std::string folder = fs::absolute(dir).lexically_relative(fs::absolute(page_dir)).generic_string();
  if (folder.empty() || folder == ".") folder = "";
  else if (folder.back() != '/') folder += '/';
  results.folder = folder;
  const fs::path timeline = dir / report.artefacts.timeline;
  if (fs::is_regular_file(timeline)) results.timeline_svg = read_text(timeline);
  std::ifstream ledger(dir / "ledger.jsonl");
  for (std::string line; std::getline(ledger, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    try {
      if (json.is_discarded()) throw std::invalid_argument("not JSON");
      results.ledger.push_back(json.get<faults::LedgerRecord>());
    } catch (const std::exception&) {
      ++results.unreadable_ledger_lines;
    }
  }
  return results;
}

ScenarioResults read_scenario_results(const fs::path& dir, const fs::path& page_dir) {
  return read_scenario_results(read_report_json((dir / "report.json").string()), dir, page_dir);
}

}  // namespace rwchaos::harness
