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

class Hop {
 public:
  virtual ~Hop() = default;
  virtual std::string listen_url() const = 0;  // http://127.0.0.1:P, where the client writes
  virtual ChildProcess& process() = 0;
};

struct StartedHop {
  std::unique_ptr<ChildProcess> process;
  int port = 0;
};

// Starts `name` on a free port with the argv `argv_for(port)` gives and waits for GET `health_path`
// to answer 200; another process may take the port first, so up to 3 ports are tried. Throws with
// the log tail.
StartedHop start_hop_process(const std::string& name, const std::function<std::vector<std::string>(int port)>& argv_for,
                             const std::string& health_path, const std::filesystem::path& log_file);

}  // namespace rwchaos::harness
