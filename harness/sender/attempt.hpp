#pragma once
// What one POST of a batch came back with.
#include <string>

namespace rwchaos::harness::sender {

struct Attempt {
  int status = 0;           // 0: no complete response (refused, reset, EOF, timeout)
  std::string retry_after;  // the Retry-After header as sent, empty when absent
  std::string error;        // why there was no response, when status is 0
  bool reused = false;      // sent on a connection an earlier request used
  bool has_body = false;    // the answer had a body (only the read-2xx-body misbehaviour looks)
};

}  // namespace rwchaos::harness::sender
