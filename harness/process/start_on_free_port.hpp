#pragma once
// A server child on a free loopback port, ready when its health URL answers 200 from the child itself.
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "harness/process/child_process.hpp"

namespace rwchaos::harness {

struct StartedOnPort {
  std::unique_ptr<ChildProcess> process;
  int port = 0;
};

// Starts `name` with the argv `argv_for(port)` gives on a free port and waits up to `ready_within`
// for GET http://127.0.0.1:PORT`health_path` to answer 200 from it. Another process may take the port
// between pick and bind (ports.hpp), so up to 3 ports are tried. Throws "NAME did not start: ..."
// with the last reason and the log tail.
StartedOnPort start_on_free_port(const std::string& name, const std::function<std::vector<std::string>(int port)>& argv_for,
                                 const std::string& health_path, const std::filesystem::path& log_file,
                                 std::chrono::milliseconds ready_within);

}  // namespace rwchaos::harness
