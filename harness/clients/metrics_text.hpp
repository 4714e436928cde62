#pragma once
// Reads a client's own /metrics (Prometheus text exposition) into name{labels} -> value.
#include <map>
#include <string>

namespace rwchaos::harness {

// Comment lines are skipped; a line that does not parse is skipped too (clients add odd lines).
std::map<std::string, double> parse_metrics_text(const std::string& text);

}  // namespace rwchaos::harness
