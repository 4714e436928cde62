#pragma once
// The shape of a report.json a person may have edited or a baseline may have kept: every field a
// reader uses has the type the writer gives it (DESIGN.md "Ledger and checks").
#include <string>

#include "harness/common/located_json.hpp"

namespace rwchaos::harness {

// Throws std::runtime_error "FILE:LINE:COLUMN: field 'counts.lost': expected ..." at the first
// field of the wrong type or a required one missing (scenario, verdict). Absent optional fields
// are fine: readers fill defaults.
void check_report_fields(const LocatedJson& doc, const std::string& file);

}  // namespace rwchaos::harness
