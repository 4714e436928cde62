#pragma once
// The sender's own HTTP server: GET /metrics (sender_metrics.hpp) and GET /health (200 "OK" while
// it runs), on a loopback address.
#include <memory>
#include <string>
#include <thread>

#include "harness/sender/sender_metrics.hpp"

namespace httplib {
class Server;
}

namespace rwchaos::harness::sender {

class AdminServer {
 public:
  // `listen`: host:port, a loopback host; port 0 picks a free one. Throws std::invalid_argument for a
  // bad or non-loopback address, std::runtime_error when it cannot bind.
  AdminServer(const std::string& listen, const SenderMetrics& metrics);
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  std::string address() const;  // host:port as bound

 private:
  std::unique_ptr<httplib::Server> server_;
  std::string host_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace rwchaos::harness::sender
