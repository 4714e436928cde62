#include "harness/process/start_on_free_port.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "harness/process/http_client.hpp"
#include "harness/process/ports.hpp"

namespace rwchaos::harness {

StartedOnPort start_on_free_port(const std::string& name, const std::function<std::vector<std::string>(int port)>& argv_for,
                                 const std::string& health_path, const std::filesystem::path& log_file,
                                 std::chrono::milliseconds ready_within) {
  std::string last_error;
  for (int attempt = 0; attempt < 3; ++attempt) {
    const int port = free_port();
    auto process = ChildProcess::start({name, argv_for(port), log_file, {}, {}});
    last_error = wait_for_http_200(fmt::format("http://127.0.0.1:{}{}", port, health_path), ready_within, process.get());
    if (last_error.empty()) return {std::move(process), port};
    last_error += "\n" + process->log_tail(1500);
    process->stop(std::chrono::milliseconds(2000));
  }
  throw std::runtime_error(name + " did not start: " + last_error);
}

}  // namespace rwchaos::harness
