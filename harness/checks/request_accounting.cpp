#include "harness/checks/request_accounting.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>

namespace rwchaos::harness {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string header(const faults::LedgerRecord& record, const std::string& name) {
  for (const auto& [key, value] : record.headers)
    if (lower(key) == name) return value;
  return "";
}

// What a payload's attempts looked like so far.
struct Chain {
  std::uint64_t attempts = 0;
  std::vector<double> intervals_ms;
};

void count_retry_cause(const faults::LedgerRecord& previous, Counts& tally) {
  if (previous.outcome != faults::Outcome::response || previous.status == 0)
    ++tally.retried_no_response;
  else if (previous.status == 429)
    ++tally.retried_429;
  else if (previous.status >= 400 && previous.status < 500)
    ++tally.retried_4xx;
  else if (previous.status >= 500)
    ++tally.retried_5xx;
}

double growth_of_longest_chain(const std::map<std::string, Chain>& chains) {
  const Chain* longest = nullptr;
  for (const auto& [hash, chain] : chains)
    if (chain.intervals_ms.size() >= 2 && (!longest || chain.intervals_ms.size() > longest->intervals_ms.size()))
      longest = &chain;
  if (!longest || longest->intervals_ms.front() <= 0) return 0;
  return longest->intervals_ms.back() / longest->intervals_ms.front();
}

}  // namespace

bool answered_ok(const faults::LedgerRecord& record) {
  return record.outcome == faults::Outcome::response && record.status >= 200 && record.status < 300;
}

// Remote-write 1.0 spec, "Protocol": Content-Encoding: snappy, Content-Type: application/x-protobuf,
// User-Agent, X-Prometheus-Remote-Write-Version: 0.1.0 are all MUST for senders. VictoriaMetrics'
// own protocol, which vmagent speaks once the upstream answered its probe, has zstd and
// X-VictoriaMetrics-Remote-Write-Version instead (app/vmagent/remotewrite/client.go, newRequest).
bool has_required_headers(const faults::LedgerRecord& record) {
  const std::string encoding = lower(header(record, "content-encoding"));
  const bool protocol = (encoding == "snappy" && !header(record, "x-prometheus-remote-write-version").empty()) ||
                        (encoding == "zstd" && !header(record, "x-victoriametrics-remote-write-version").empty());
  return protocol && lower(header(record, "content-type")).rfind("application/x-protobuf", 0) == 0 &&
         !header(record, "user-agent").empty();
}

std::vector<Attempt> attempts_of(const std::vector<faults::LedgerRecord>& ledger) {
  std::vector<Attempt> attempts;
  for (const auto& record : ledger) attempts.push_back({&record, nullptr});
  std::sort(attempts.begin(), attempts.end(), [](const Attempt& a, const Attempt& b) { return a.record->id < b.record->id; });
  std::map<std::string, const faults::LedgerRecord*> last;
  for (auto& attempt : attempts) {
    // Undecodable: cannot tell a retry from a new payload; a probe carries none.
    if (attempt.record->hash.empty() || attempt.record->handshake) continue;
    const faults::LedgerRecord*& previous = last[attempt.record->hash];
    attempt.previous = previous;
    previous = attempt.record;
  }
  return attempts;
}

void tally_requests(const std::vector<faults::LedgerRecord>& ledger, Counts& tally) {
  std::set<std::uint64_t> connections;
  std::map<std::string, Chain> chains;
  for (const auto& [record, previous] : attempts_of(ledger)) {
    if (record->handshake) {
      // vmagent's protocol probe carries no samples: not a remote-write request, but a fault on it counts.
      if (!record->fault.empty()) ++tally.faults_injected;
      continue;
    }
    ++tally.requests;
    connections.insert(record->conn);
    if (!record->fault.empty()) ++tally.faults_injected;
    tally.duplicated += record->duplicate_samples;
    tally.out_of_order += record->out_of_order;
    if (record->committed && !answered_ok(*record)) tally.recovered += record->samples;
    if (!has_required_headers(*record)) ++tally.missing_headers;
    if (record->hash.empty()) continue;

    Chain& chain = chains[record->hash];
    if (previous) {
      ++tally.retries;
      const double interval = record->arrival_unix_ms - previous->arrival_unix_ms;
      tally.retry_intervals_ms.push_back(interval);
      chain.intervals_ms.push_back(interval);
      count_retry_cause(*previous, tally);
    }
    tally.max_attempts = std::max(tally.max_attempts, ++chain.attempts);
  }
  tally.connections = connections.size();
  tally.backoff_growth = growth_of_longest_chain(chains);
}

}  // namespace rwchaos::harness
