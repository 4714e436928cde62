#pragma once
// A proxy hop between client and upstream (DESIGN.md "Hop"), started as a child process for one run:
// haproxy_hop.hpp, vmauth_hop.hpp.
#include <string>

#include "harness/process/child_process.hpp"

namespace rwchaos::harness {

class Hop {
 public:
  virtual ~Hop() = default;
  virtual std::string listen_url() const = 0;  // http://127.0.0.1:P, where the client writes
  virtual ChildProcess& process() = 0;
};

}  // namespace rwchaos::harness
