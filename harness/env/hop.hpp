#pragma once
// A proxy hop between client and upstream (DESIGN.md "Hop"), started as a child process for one run:
// haproxy_hop.hpp, vmauth_hop.hpp.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "harness/process/child_process.hpp"

namespace rwchaos::harness {

// The running proxy: its process and the loopback port the client writes to. What differs between
// proxies is only how they are configured and started (start_haproxy_hop, start_vmauth_hop).
class Hop {
 public:
  Hop(std::unique_ptr<ChildProcess> process, int port) : process_(std::move(process)), port_(port) {}
  std::string listen_url() const;  // http://127.0.0.1:P, where the client writes
  ChildProcess& process() { return *process_; }

 private:
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

// Starts `name` on a free port with the argv `argv_for(port)` gives and waits for GET `health_path`
// to answer 200; another process may take the port first, so up to 3 ports are tried. Throws with
// the log tail.
std::unique_ptr<Hop> start_hop_process(const std::string& name, const std::function<std::vector<std::string>(int port)>& argv_for,
                             const std::string& health_path, const std::filesystem::path& log_file);

}  // namespace rwchaos::harness
