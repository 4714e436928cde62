#pragma once
// One ledger record per request the upstream received (DESIGN.md "Ledger and checks").
// This struct and its JSON form are the ledger format: the one thing harness/ reads of faults/
// besides the control API. JSON keys equal the field names.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "faults/ledger/outcome.hpp"

namespace rwchaos::faults {

// One series of a request, listed when the upstream runs with --ledger-samples: a sample is
// (series, timestamp), so a reader can tell a sample offered again in another request, however the
// sender batched it.
struct SeriesSamples {
  std::string name;                      // the __name__ label
  std::string labels;                    // readable label set (remotewrite::series_key)
  std::string hash;                      // hex remotewrite::series_hash: the series' identity
  std::vector<std::int64_t> timestamps;  // every sample's, as sent
  std::vector<std::int64_t> stale;       // those whose value is the stale marker 0x7ff0000000000002
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SeriesSamples, name, labels, hash, timestamps, stale)

struct LedgerRecord {
  std::uint64_t id = 0;             // request index over the upstream's life, from 1
  std::uint64_t conn = 0;           // connection id, from 1
  std::uint64_t conn_index = 0;     // index of this request on its connection, from 1
  bool reused = false;              // conn_index > 1: arrived on a kept-alive connection
  double arrival_unix_ms = 0;       // wall clock when the request's first byte was read
  std::string method;
  std::string path;
  std::uint64_t size = 0;           // body bytes as received (compressed)
  std::uint64_t decoded_size = 0;   // decompressed protobuf bytes
  std::string hash;                 // hex XXH3-64 of the decompressed payload; "" if undecodable
  std::uint64_t series = 0;
  std::uint64_t samples = 0;
  std::string fault;                // catalogue actions that acted, "+"-joined; "" for none
                                    // (in_flight: every action chosen for the request)
  Outcome outcome = Outcome::in_flight;  // what the client got (outcome.hpp); in_flight until answered
  int status = 0;                   // status line sent; 0 when none was
  bool committed = false;           // forwarded to storage (or to the in-memory store) successfully
  std::string commit_error;         // storage error when a commit was attempted and failed
  std::string error;                // why the request was refused or failed, as told to the client
                                    // (the body of a 400, 405, 408, 413, 500 or 503 answer)
  std::uint64_t duplicate_samples = 0;  // samples of this request already committed before
  std::uint64_t out_of_order = 0;       // samples older than their series' newest committed sample
  std::map<std::string, std::string> headers;  // content-encoding, content-type, user-agent,
                                               // x-prometheus-remote-write-version,
                                               // x-victoriametrics-remote-write-version,
                                               // retry-attempt (Prometheus >= 2.53 on a retry)
  std::string compression;          // snappy | zstd: the codec that decoded the body; "" if undecodable
  bool handshake = false;           // vmagent's `?get_vm_proto_version=1` probe (no body, nothing committed)
  std::vector<SeriesSamples> samples_by_series;  // with --ledger-samples: the decoded request's samples
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LedgerRecord, id, conn, conn_index, reused,
                                                arrival_unix_ms, method, path, size, decoded_size, hash,
                                                series, samples, fault, outcome, status, committed,
                                                commit_error, error, duplicate_samples, out_of_order,
                                                headers, compression, handshake, samples_by_series)

}  // namespace rwchaos::faults
