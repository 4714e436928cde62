#pragma once
// "host:port" and "[v6]:port" listen addresses.
#include <cstdint>
#include <string>

namespace rwchaos::faults {

struct HostPort {
  std::string host;  // without brackets
  std::uint16_t port = 0;
  std::string to_string() const;  // brackets around IPv6 hosts
};

// Throws std::invalid_argument naming the address.
HostPort parse_host_port(const std::string& text, const std::string& what);
bool is_loopback(const std::string& host);

}  // namespace rwchaos::faults
