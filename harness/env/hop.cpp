#include "harness/env/hop.hpp"

#include <fmt/format.h>

#include "harness/process/start_on_free_port.hpp"

namespace rwchaos::harness {

std::string Hop::listen_url() const { return fmt::format("http://127.0.0.1:{}", port_); }

std::unique_ptr<Hop> start_hop_process(const std::string& name, const std::function<std::vector<std::string>(int port)>& argv_for,
                             const std::string& health_path, const std::filesystem::path& log_file) {
  StartedOnPort started = start_on_free_port(name, argv_for, health_path, log_file, std::chrono::seconds(10));
  return std::make_unique<Hop>(std::move(started.process), started.port);
}

}  // namespace rwchaos::harness
