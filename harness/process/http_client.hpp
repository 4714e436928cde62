#pragma once
// Small blocking HTTP calls to the children on loopback: readiness polls, control calls, exports.
#include <chrono>
#include <optional>
#include <string>

namespace rwchaos::harness {

class ChildProcess;

struct HttpAnswer {
  int status = 0;  // 0 = no answer (connection refused, timeout)
  std::string body;
  std::string error;  // transport error when status == 0
};

// url: http://host:port/path?query
HttpAnswer http_get(const std::string& url, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
HttpAnswer http_send(const std::string& method, const std::string& url, const std::string& body,
                     const std::string& content_type,
                     std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

// Polls GET url until it answers 200 or `limit` passes. When `child` is given, the 200 must come from
// it (its process group holds the port's listening socket: another program may have taken the port
// first), and when it exits meanwhile, stops early. Returns an empty string on success, else the
// reason (last status or error).
std::string wait_for_http_200(const std::string& url, std::chrono::milliseconds limit, ChildProcess* child = nullptr);

}  // namespace rwchaos::harness
