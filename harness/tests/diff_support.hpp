#pragma once
// Results folders and reports for the diff_* tests.
#include <unistd.h>

#include <filesystem>
#include <string>

#include "harness/diff/results_side.hpp"
#include "harness/reports/report_json.hpp"
#include "reports_test_support.hpp"

namespace rwchaos::harness::test {

// A scenario report of client vmalert 1.79.5 that passed with the given name and counts.
inline RunReport scenario_report(const std::string& name, std::uint64_t lost = 0, std::uint64_t duplicated = 0,
                                 std::uint64_t retries = 0) {
  RunReport r = passing_report();
  r.scenario = name;
  r.client = {"vmalert", "/x/vmalert", "vmalert-20221125-124523-tags-v1.79.5-debian-1.79.5+ds1-2"};
  r.counts.lost = lost;
  r.counts.duplicated = duplicated;
  r.counts.retries = retries;
  r.checks = {{"lost", 0, lost, lost == 0}};
  r.verdict = verdict_of(r.checks);
  return r;
}

inline ResultsSide side_of(const std::string& folder, const std::vector<RunReport>& reports) {
  ResultsSide side{folder, {}};
  for (const auto& report : reports) side.reports.push_back({folder + "/" + report.scenario + "/report.json", report});
  return side;
}

// A temporary folder, removed with the object.
class TempFolder {
 public:
  explicit TempFolder(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("rwchaos-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }
  // Writes `report` as <folder>/<relative>/report.json.
  std::filesystem::path put(const std::string& relative, const RunReport& report) const {
    const auto folder = relative.empty() ? path_ : path_ / relative;
    std::filesystem::create_directories(folder);
    write_report_json(report, (folder / "report.json").string());
    return folder / "report.json";
  }

 private:
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::filesystem::path path_;
};

}  // namespace rwchaos::harness::test
