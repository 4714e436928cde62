#include "harness/checks/request_accounting.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "harness/checks/retry_accounting.hpp"
#include "harness/checks/truth_in_ledger.hpp"
#include "harness/common/trimmed.hpp"

namespace rwchaos::harness {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// A header's value by case-insensitive name; nullopt when the request did not send it.
std::optional<std::string> header(const faults::LedgerRecord& record, const std::string& name) {
  for (const auto& [key, value] : record.headers)
    if (lower(key) == name) return std::string(trimmed(value));
  return std::nullopt;
}

// A media type without its parameters ("application/x-protobuf;proto=..." is application/x-protobuf).
std::string media_type(const std::string& content_type) { return lower(std::string(trimmed(std::string_view(content_type).substr(0, content_type.find(';'))))); }

}  // namespace

bool answered_ok(const faults::LedgerRecord& record) {
  return record.outcome == faults::Outcome::response && record.status >= 200 && record.status < 300;
}

// Remote-write 1.0 spec, "Protocol": "The following headers MUST be sent with the HTTP request:
// Content-Encoding: snappy, Content-Type: application/x-protobuf, User-Agent: <name & version of the
// sender>, X-Prometheus-Remote-Write-Version: 0.1.0". Values are checked as written there: the
// encoding and media type case-insensitively (RFC 9110 tokens), the version exactly, the user agent
// for being non-empty (what names a sender is not checkable). VictoriaMetrics' own protocol, which
// vmagent speaks once the upstream answered its probe, has zstd and
// X-VictoriaMetrics-Remote-Write-Version: 1 instead (app/vmagent/remotewrite/client.go, newRequest;
// docs/clients.md).
std::string wrong_headers(const faults::LedgerRecord& record) {
  std::string wrong;
  const auto add = [&](const char* name) { wrong += (wrong.empty() ? "" : ", ") + std::string(name); };
  const auto encoding = header(record, "content-encoding");
  const bool vm_protocol = encoding && lower(*encoding) == "zstd";
  if (!vm_protocol && (!encoding || lower(*encoding) != "snappy")) add("content-encoding");
  const auto type = header(record, "content-type");
  if (!type || media_type(*type) != "application/x-protobuf") add("content-type");
  const auto agent = header(record, "user-agent");
  if (!agent || agent->empty()) add("user-agent");
  if (vm_protocol) {
    const auto version = header(record, "x-victoriametrics-remote-write-version");
    if (!version || *version != "1") add("x-victoriametrics-remote-write-version");
  } else {
    const auto version = header(record, "x-prometheus-remote-write-version");
    if (!version || *version != "0.1.0") add("x-prometheus-remote-write-version");
  }
  return wrong;
}

void tally_requests(const std::vector<faults::LedgerRecord>& ledger, const GroundTruth& truth, Counts& tally) {
  std::vector<const faults::LedgerRecord*> ordered;
  for (const auto& record : ledger) ordered.push_back(&record);
  std::sort(ordered.begin(), ordered.end(), [](auto* a, auto* b) { return a->id < b->id; });

  std::set<std::uint64_t> connections;
  std::vector<const faults::LedgerRecord*> decodable;
  for (const auto* record : ordered) {
    if (record->handshake) {
      // vmagent's protocol probe carries no samples: not a remote-write request, but a fault on it counts.
      if (!record->fault.empty()) ++tally.faults_injected;
      continue;
    }
    ++tally.requests;
    connections.insert(record->conn);
    if (!record->fault.empty()) ++tally.faults_injected;
    tally.duplicated_all_series += record->duplicate_samples;
    tally.out_of_order += record->out_of_order;
    if (record->committed && !answered_ok(*record)) tally.recovered_all_series += record->samples;
    if (!wrong_headers(*record).empty()) ++tally.missing_headers;
    // Undecodable (hash ""): nothing tells a retry from a new payload.
    if (!record->hash.empty()) decodable.push_back(record);
  }
  tally.connections = connections.size();
  tally_retries(decodable, tally);
  tally_truth_in_ledger(decodable, truth, tally);
}

}  // namespace rwchaos::harness
