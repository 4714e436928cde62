#pragma once
// Commits a remote-write body to storage (--forward URL): the original compressed bytes with the
// remote-write 1.0 headers. One pooled HTTP client per pool thread.
#include <optional>
#include <string>
#include <string_view>

namespace rwchaos::faults::engine {

class Forwarder {
 public:
  // Throws std::invalid_argument for a URL that is not http://host:port/path.
  explicit Forwarder(const std::string& url);
  // nullopt on a 2xx answer, else the storage error in words.
  std::optional<std::string> forward(std::string_view body) const;
  const std::string& url() const { return url_; }

 private:
  std::string url_;
  std::string base_;  // scheme://host:port
  std::string path_;
};

}  // namespace rwchaos::faults::engine
