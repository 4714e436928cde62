#pragma once
// The access log file: one formatted line per downstream request, appended and flushed as it is
// written, so a sidecar stopped by SIGTERM (or killed) leaves every line it finished.
#include <cstdio>
#include <string>

#include "harness/mesh/access_log_format.hpp"

namespace rwchaos::harness::mesh {

class AccessLog {
 public:
  // `path` "" keeps no log. Throws std::runtime_error when the file cannot be opened.
  AccessLog(const std::string& path, const std::string& format);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void write(const AccessLogEntry& entry);

 private:
  AccessLogFormat format_;
  std::FILE* file_ = nullptr;
};

}  // namespace rwchaos::harness::mesh
