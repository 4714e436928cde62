#include "harness/mesh/access_log.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace rwchaos::harness::mesh {

AccessLog::AccessLog(const std::string& path, const std::string& format) : format_(format) {
  if (path.empty()) return;
  file_ = std::fopen(path.c_str(), "a");
  if (!file_) throw std::runtime_error("cannot open access log " + path + ": " + std::strerror(errno));
}

AccessLog::~AccessLog() {
  if (file_) std::fclose(file_);
}

void AccessLog::write(const AccessLogEntry& entry) {
  if (!file_) return;
  const std::string line = format_.format(entry);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

}  // namespace rwchaos::harness::mesh
