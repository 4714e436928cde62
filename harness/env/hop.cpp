#include "harness/env/hop.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "harness/process/http_client.hpp"
#include "harness/process/ports.hpp"

namespace rwchaos::harness {

StartedHop start_hop_process(const std::string& name, const std::function<std::vector<std::string>(int port)>& argv_for,
                             const std::string& health_path, const std::filesystem::path& log_file) {
  std::string last_error;
  for (int attempt = 0; attempt < 3; ++attempt) {
    StartedHop hop;
    hop.port = free_port();
    hop.process = ChildProcess::start({name, argv_for(hop.port), log_file, {}, {}});
    last_error = wait_for_http_200(fmt::format("http://127.0.0.1:{}{}", hop.port, health_path), std::chrono::seconds(10),
                                   hop.process.get());
    if (last_error.empty()) return hop;
    last_error += "\n" + hop.process->log_tail(1500);
    hop.process->stop(std::chrono::milliseconds(2000));
  }
  throw std::runtime_error(name + " did not start: " + last_error);
}

}  // namespace rwchaos::harness
