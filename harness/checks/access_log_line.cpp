#include "harness/checks/access_log_line.hpp"

#include <ctime>
#include <fstream>
#include <regex>

namespace rwchaos::harness {
namespace {

// [START] "METHOD PATH PROTO" CODE FLAGS DETAILS TERMINATION "REASON" RECEIVED SENT DURATION
// SERVICE_TIME "XFF" "UA" "REQUEST_ID" ...
const std::regex line_pattern(
    R"re(^\[(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{3})Z\] "[^"]*" (\d+) (\S+) (\S+) \S+ "[^"]*" \d+ \d+ \d+ \S+ "[^"]*" "[^"]*" "([^"]*)")re");

}  // namespace

bool AccessLogLine::local_reply() const {
  return code != 0 && details != "via_upstream" && details.rfind("upstream_reset_after_response_started", 0) != 0;
}

std::vector<std::string> AccessLogLine::flag_list() const {
  std::vector<std::string> out;
  if (flags == "-") return out;
  std::size_t start = 0;
  while (start <= flags.size()) {
    const std::size_t comma = std::min(flags.find(',', start), flags.size());
    if (comma > start) out.push_back(flags.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::optional<AccessLogLine> parse_access_log_line(const std::string& line) {
  std::smatch match;
  if (!std::regex_search(line, match, line_pattern)) return std::nullopt;
  std::tm tm{};
  tm.tm_year = std::stoi(match[1]) - 1900;
  tm.tm_mon = std::stoi(match[2]) - 1;
  tm.tm_mday = std::stoi(match[3]);
  tm.tm_hour = std::stoi(match[4]);
  tm.tm_min = std::stoi(match[5]);
  tm.tm_sec = std::stoi(match[6]);
  AccessLogLine out;
  out.start_unix_ms = static_cast<std::int64_t>(timegm(&tm)) * 1000 + std::stoi(match[7]);
  out.code = std::stoi(match[8]);
  out.flags = match[9];
  out.details = match[10];
  out.request_id = match[11];
  return out;
}

std::vector<AccessLogLine> read_access_log(const std::filesystem::path& path) {
  std::vector<AccessLogLine> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (auto parsed = parse_access_log_line(line)) lines.push_back(std::move(*parsed));
  return lines;
}

}  // namespace rwchaos::harness
