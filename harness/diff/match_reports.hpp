#pragma once
// Which report of NEW is the same scenario run as which report of BASE.
#include <string>
#include <vector>

#include "harness/diff/results_side.hpp"

namespace rwchaos::harness {

// "1.79.5" out of whatever a report holds as the client's version ("vmalert-20221125-124523-tags-
// v1.79.5-debian-1.79.5+ds1-2", "prometheus, version 2.42.0+ds (...)"): the first dotted
// number of three parts; the text itself when it has none.
std::string short_version(const std::string& version);
// "vmalert 1.79.5", or the kind alone when the version is unknown.
std::string client_text(const ReportClient& client);

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
