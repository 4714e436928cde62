#pragma once
// timeline.svg: every request the upstream received, over time, one row per kind of answer and
// coloured by it; retries outlined; phase boundaries as dashed lines. Hover a mark for its record.
#include <string>
#include <vector>

#include "faults/ledger/record.hpp"

namespace rwchaos::harness {

struct TimelineMark {
  double at_ms = 0;  // since start
  std::string label;
};

struct TimelineInput {
  std::string title;
  double start_unix_ms = 0;  // 0: the first request's arrival
  double end_unix_ms = 0;    // 0: the last request's arrival
  std::vector<faults::LedgerRecord> ledger;
  std::vector<TimelineMark> phases;
  // hop istio: what the sidecars did themselves (a local reply the client got, a retry), drawn in
  // an extra row "sidecar"; at_ms is since start_unix_ms.
  std::vector<TimelineMark> mesh;
};

// The row a request is drawn in: "2xx", "429", "4xx", "5xx" or "no response".
std::string timeline_row(const faults::LedgerRecord& record);
std::string render_timeline_svg(const TimelineInput& input);

}  // namespace rwchaos::harness
