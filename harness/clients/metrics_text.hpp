#pragma once
// Reads a client's own /metrics (Prometheus text exposition) into name{labels} -> value, and what an
// adapter's facts say about it: which series are worth keeping, how much the client says it dropped.
#include <map>
#include <string>

#include "harness/clients/client_adapter.hpp"

namespace rwchaos::harness {

// Comment lines are skipped; a line that does not parse is skipped too (clients add odd lines).
std::map<std::string, double> parse_metrics_text(const std::string& text);

// Sum of every series of `name` (any labels) in parsed metrics.
double sum_metric(const std::map<std::string, double>& metrics, const std::string& name);

// The series whose names start with one of adapter.remote_write_metric_prefixes.
std::map<std::string, double> remote_write_metrics(const ClientAdapter& adapter,
                                                   const std::map<std::string, double>& metrics);

// adapter.dropped's counters summed (in adapter.dropped.unit); 0 for a client without any.
double dropped_total(const ClientAdapter& adapter, const std::map<std::string, double>& metrics);

}  // namespace rwchaos::harness
