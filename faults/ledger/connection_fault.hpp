#pragma once
// A fault that acted on a connection rather than on a request (refuse, idle_close): the ledger holds
// requests only, so these are kept beside it and read through GET /connection-faults
// (docs/internals.md). JSON keys equal the field names.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace rwchaos::faults {

struct ConnectionFault {
  std::string action;          // the catalogue action: refuse | idle_close
  std::uint64_t conn = 0;      // connection id, as LedgerRecord::conn
  std::uint64_t requests = 0;  // requests served on the connection before the fault (0 for refuse)
  double at_unix_ms = 0;       // wall clock when the fault acted
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ConnectionFault, action, conn, requests, at_unix_ms)

}  // namespace rwchaos::faults
