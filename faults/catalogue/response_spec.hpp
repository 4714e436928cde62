#pragma once
// The HTTP answer several actions send: status, body (text or an Envoy preset), extra headers.
#include <optional>
#include <string>

#include "faults/engine/connection.hpp"
#include "faults/plan/fields.hpp"

namespace rwchaos::faults::catalogue {

struct ResponseSpec {
  int status = 204;
  std::string body;
  engine::Headers headers;
  bool envoy = false;  // an Envoy preset: Envoy's header set and order (content-length, content-type, date, server)
};

// Reads `status`, `body`, `headers`, `retry_after`. A `body` naming a preset (envoy-uc, envoy-uf,
// envoy-urx-uc, envoy-ut) sets Envoy's local-reply body, status and headers unless `status` says otherwise.
ResponseSpec parse_response_spec(Fields& fields, int default_status, std::string default_body = "");

// Bytes of status line + headers (+ content-length) + body, as send_response writes them.
std::string serialize_response(const ResponseSpec& spec, bool keep_alive);

// `commit:` if given, else true iff the answer is 2xx.
bool parse_commit(Fields& fields, int status);

}  // namespace rwchaos::faults::catalogue
