#include "faults/engine/forwarder.hpp"

#include <map>
#include <memory>
#include <stdexcept>

#include <httplib.h>

namespace rwchaos::faults::engine {

HttpForwarder::HttpForwarder(const std::string& url) : url_(url) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) throw std::invalid_argument("--forward must be an http:// URL, got " + url);
  const auto slash = url.find('/', scheme.size());
  base_ = url.substr(0, slash);
  path_ = slash == std::string::npos ? "/api/v1/write" : url.substr(slash);
  if (base_.size() == scheme.size()) throw std::invalid_argument("--forward URL has no host: " + url);
}

std::optional<std::string> HttpForwarder::forward(std::string_view body) const {
  // One keep-alive client per pool thread and storage base URL.
  thread_local std::map<std::string, std::unique_ptr<httplib::Client>> clients;
  auto& client = clients[base_];
  if (!client) {
    client = std::make_unique<httplib::Client>(base_);
    client->set_keep_alive(true);
    client->set_connection_timeout(5, 0);
    client->set_read_timeout(30, 0);
    client->set_write_timeout(30, 0);
  }
  const httplib::Headers headers{{"Content-Encoding", "snappy"},
                                 {"X-Prometheus-Remote-Write-Version", "0.1.0"},
                                 {"User-Agent", "rwchaos-upstream"}};
  auto result = client->Post(path_.c_str(), headers, body.data(), body.size(), "application/x-protobuf");
  if (!result) return "storage " + url_ + " unreachable: " + httplib::to_string(result.error());
  if (result->status / 100 != 2) {
    return "storage " + url_ + " answered " + std::to_string(result->status) + ": " + result->body.substr(0, 512);
  }
  return std::nullopt;
}

}  // namespace rwchaos::faults::engine
