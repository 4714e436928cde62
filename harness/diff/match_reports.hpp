#pragma once
// Which report of NEW is the same scenario run as which report of BASE.
#include <string>
#include <vector>

#include "harness/diff/results_side.hpp"

namespace rwchaos::harness {

struct ReportPair {
  std::string key;                   // the scenario, plus the client when a side holds several
  const SideReport* base = nullptr;  // nullptr: only in NEW
  const SideReport* next = nullptr;  // nullptr: missing in NEW
};

// By scenario name when that is unique on each side; else by name and client kind; else by name
// and kind@version (both sides holding several versions of one client). BASE's order, then what
// only NEW holds in its order. Throws std::runtime_error naming both files when one side holds two
// reports of one scenario, client kind and version.
std::vector<ReportPair> match_reports(const ResultsSide& base, const ResultsSide& next);

}  // namespace rwchaos::harness
