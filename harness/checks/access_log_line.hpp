#pragma once
// One line of a sidecar's access log in Istio's default text format (docs/internals.md "The
// sidecar"; pilot/pkg/model/telemetry_logging.go `EnvoyTextLogFormat`): the fields the counts use.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rwchaos::harness {

struct AccessLogLine {
  std::int64_t start_unix_ms = 0;  // %START_TIME%
  int code = 0;                    // %RESPONSE_CODE%; 0 when nothing was sent
  std::string flags;               // %RESPONSE_FLAGS%: "-", "UC", "URX,UC"
  std::string details;             // %RESPONSE_CODE_DETAILS%
  std::string request_id;          // %REQ(X-REQUEST-ID)%

  // The sidecar wrote the answer itself (a local reply), rather than relaying the upstream's or
  // resetting a response already started.
  bool local_reply() const;
  std::vector<std::string> flag_list() const;  // empty for "-"
};

// Empty for a line in another format.
std::optional<AccessLogLine> parse_access_log_line(const std::string& line);
// Every line that parses; a missing file reads as none.
std::vector<AccessLogLine> read_access_log(const std::filesystem::path& path);

}  // namespace rwchaos::harness
