#pragma once
// timeline.svg, readable without report.json: a heading with scenario, client, verdict and the checks
// that decided it; every request the upstream received, over time, in one row per kind of answer and
// coloured by it, stacked in lanes so that simultaneous requests never cover each other; retries
// hollow and tied to their previous attempt; a dot under each committed request; faults that acted
// on a connection (idle_close, refuse) as crosses; with hop istio, what the sidecars did in a row of
// their own; phases as bands; a legend. Hover a mark for its
// ledger record.
#include <string>
#include <vector>

#include "faults/ledger/connection_fault.hpp"
#include "faults/ledger/record.hpp"

namespace rwchaos::harness {

struct TimelineMark {
  double at_ms = 0;  // since start
  std::string label;
};

struct TimelineInput {
  std::string title;                 // e.g. "uc503-after-commit · vmalert 1.79.5 · PASS"
  std::vector<std::string> heading;  // lines under the title: what decided the verdict
  double start_unix_ms = 0;  // 0: the first request's arrival
  double end_unix_ms = 0;    // 0: the last event's time
  std::vector<faults::LedgerRecord> ledger;
  std::vector<faults::ConnectionFault> connection_faults;
  std::vector<TimelineMark> phases;  // each starts a band that lasts to the next (the last: to the end)
  // hop istio: what the sidecars did themselves (a local reply the client got, a retry), drawn in
  // an extra row "sidecar"; at_ms is since start_unix_ms.
  std::vector<TimelineMark> mesh;
};

// The row a request is drawn in: "2xx", "429", "4xx", "5xx" or "no response".
std::string timeline_row(const faults::LedgerRecord& record);
std::string render_timeline_svg(const TimelineInput& input);

}  // namespace rwchaos::harness
