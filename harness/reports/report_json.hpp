#pragma once
// report.json on disk.
#include <string>

#include "harness/reports/run_report.hpp"

namespace rwchaos::harness {

// Writes atomically (temp file + rename). Throws std::runtime_error naming the path on failure.
void write_report_json(const RunReport& report, const std::string& path);
// The same for a report as JSON (keys a RunReport does not know are kept).
void write_report_json(const nlohmann::json& report, const std::string& path);
// Throws std::runtime_error naming the path (and line, column and field where it can) when it cannot
// be read or is not a report.
RunReport read_report_json(const std::string& path);

}  // namespace rwchaos::harness
