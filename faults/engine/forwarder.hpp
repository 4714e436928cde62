#pragma once
// Commits a remote-write body to storage. HttpForwarder is the --forward URL; tests give their own
// (one that fails, one that throws) to drive the commit paths without a storage process.
#include <optional>
#include <string>
#include <string_view>

namespace rwchaos::faults::engine {

class Forwarder {
 public:
  virtual ~Forwarder() = default;
  // nullopt when storage took it, else the storage error in words. Runs on pool threads.
  virtual std::optional<std::string> forward(std::string_view body) const = 0;
};

// Snappy bytes with the remote-write 1.0 headers (the original body, or a zstd body's payload in
// snappy: serve_request.cpp, commit_job), one pooled HTTP client per pool thread.
class HttpForwarder final : public Forwarder {
 public:
  // Throws std::invalid_argument for a URL that is not http://host:port/path.
  explicit HttpForwarder(const std::string& url);
  std::optional<std::string> forward(std::string_view body) const override;
  const std::string& url() const { return url_; }

 private:
  std::string url_;
  std::string base_;  // scheme://host:port
  std::string path_;
};

}  // namespace rwchaos::faults::engine
