#include "harness/sender/http_url.hpp"

#include <stdexcept>

#include "faults/upstream/address.hpp"

namespace rwchaos::harness::sender {

HttpUrl parse_http_url(const std::string& url, const std::string& what) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) throw std::invalid_argument(what + " " + url + ": expected http://HOST:PORT/PATH");
  const auto path = url.find('/', scheme.size());
  const std::string authority =
      url.substr(scheme.size(), path == std::string::npos ? std::string::npos : path - scheme.size());
  const faults::HostPort host_port = faults::parse_host_port(authority, what);
  if (!faults::is_loopback(host_port.host))
    throw std::invalid_argument(what + " " + url + ": not a loopback address (127.0.0.0/8 or ::1)");
  if (host_port.port == 0) throw std::invalid_argument(what + " " + url + ": port 0");
  const std::string ip = host_port.host == "localhost" ? "127.0.0.1" : host_port.host;
  return {ip, host_port.port, path == std::string::npos ? "/" : url.substr(path), host_port.to_string()};
}

}  // namespace rwchaos::harness::sender
