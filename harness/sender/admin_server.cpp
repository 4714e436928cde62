#include "harness/sender/admin_server.hpp"

#include <httplib.h>

#include <sys/socket.h>

#include <cerrno>
#include <stdexcept>

#include "faults/upstream/address.hpp"
#include "faults/upstream/listen_thread.hpp"

namespace rwchaos::harness::sender {

AdminServer::AdminServer(const std::string& listen, const SenderMetrics& metrics)
    : server_(std::make_unique<httplib::Server>()) {
  const faults::HostPort where = faults::parse_host_port(listen, "--listen");
  if (!faults::is_loopback(where.host))
    throw std::invalid_argument("--listen " + listen + ": not a loopback address (127.0.0.0/8 or ::1)");
  host_ = where.host;
  server_->Get("/metrics", [&metrics](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics.render(), "text/plain; version=0.0.4");
  });
  server_->Get("/health", [](const httplib::Request&, httplib::Response& res) { res.set_content("OK", "text/plain"); });
  // httplib's default options add SO_REUSEPORT, with which two processes can listen on one port and
  // share its connections (seen: the harness's PUT /plan answered 404 by a sender that had bound the
  // upstream's control port). Without it a taken port fails to bind, and the harness picks another.
  server_->set_socket_options([](int socket) {
    const int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  errno = 0;
  port_ =
      where.port == 0 ? server_->bind_to_any_port(host_) : (server_->bind_to_port(host_, where.port) ? where.port : -1);
  if (port_ <= 0)
    throw std::runtime_error("--listen " + listen + ": cannot bind" +
                             (errno == EADDRINUSE ? ": address already in use" : ""));
  thread_ = faults::listen_in_background(*server_);
}

AdminServer::~AdminServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string AdminServer::address() const {
  return faults::HostPort{host_, static_cast<std::uint16_t>(port_)}.to_string();
}

}  // namespace rwchaos::harness::sender
