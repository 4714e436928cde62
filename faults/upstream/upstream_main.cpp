#include "faults/upstream/upstream_main.hpp"

#include <iostream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "faults/config/located_error.hpp"
#include "faults/upstream/process_lifecycle.hpp"
#include "faults/upstream/upstream.hpp"

namespace rwchaos::faults {
namespace {

constexpr int exit_ok = 0;
constexpr int exit_bad_input = 2;

bool write_ready_file(const std::string& path, const Upstream& upstream) {
  return write_file_atomically(path, nlohmann::json{{"listen", upstream.listen_address()},
                                                    {"control", upstream.control_address()},
                                                    {"pid", static_cast<long>(::getpid())}}.dump() +
                                         "\n");
}

}  // namespace

int run_upstream(const UpstreamOptions& options) {
  StopSignals stop_signals;  // before the upstream's threads start

  std::unique_ptr<Upstream> upstream;
  try {
    upstream = std::make_unique<Upstream>(options);
  } catch (const config::InvalidInput& error) {
    for (const auto& line : error.list().lines()) std::cerr << "rwchaos upstream: " << line << "\n";
    return exit_bad_input;
  } catch (const std::exception& error) {
    std::cerr << "rwchaos upstream: " << error.what() << "\n";
    return exit_bad_input;
  }
  if (!options.ready_file.empty() && !write_ready_file(options.ready_file, *upstream)) {
    std::cerr << "rwchaos upstream: cannot write ready file " << options.ready_file << "\n";
    return exit_bad_input;
  }
  std::cerr << "rwchaos upstream: listening on " << upstream->listen_address() << ", control on "
            << upstream->control_address() << "\n";
  stop_signals.wait();
  upstream->stop();
  return exit_ok;
}

}  // namespace rwchaos::faults
