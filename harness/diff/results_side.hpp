#pragma once
// One side of `rwchaos diff`: the report.json files of a results folder of `rwchaos run`, or of a
// committed baseline that kept only those files (docs/ci.md).
#include <filesystem>
#include <string>
#include <vector>

#include "harness/reports/run_report.hpp"

namespace rwchaos::harness {

struct SideReport {
  std::filesystem::path file;
  RunReport report;
};

struct ResultsSide {
  std::string folder;  // as given
  std::vector<SideReport> reports;
};

// Every report.json of a folder sits at one depth, one of these layouts:
//   FOLDER/report.json                   a run of one scenario
//   FOLDER/<scenario>/report.json        a run of several (or a folder of one-scenario runs)
//   FOLDER/<run>/<scenario>/report.json  several runs of several (one per client, say)
// Throws std::runtime_error naming the folder or file: no such folder, no report.json, report.json
// files at different depths (mixed layouts), deeper than these, unreadable or malformed report.json
// (with line, column and field: read_report_json).
ResultsSide read_results_side(const std::string& folder);

}  // namespace rwchaos::harness
