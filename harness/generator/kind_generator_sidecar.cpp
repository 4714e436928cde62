#include "harness/generator/kind_generator_sidecar.hpp"

#include <httplib.h>
#include <signal.h>

#include <iostream>
#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>

namespace rwchaos::harness {

std::unique_ptr<GeneratorSidecar> GeneratorSidecar::start(int listen_port, int values_port) {
  auto sidecar = std::unique_ptr<GeneratorSidecar>(new GeneratorSidecar());
  sidecar->generator_ = Generator::start(listen_port);
  sidecar->values_ = std::make_unique<httplib::Server>();
  Generator* generator = sidecar->generator_.get();
  sidecar->values_->Get("/values", [generator](const httplib::Request&, httplib::Response& res) {
    const nlohmann::json body = {{"scraped", generator->scraped_values()},
                                 {"queried", generator->queried_values()}};
    res.set_content(body.dump(), "application/json");
  });
  sidecar->values_->Post("/freeze", [generator](const httplib::Request&, httplib::Response& res) {
    generator->freeze();
    res.set_content("frozen\n", "text/plain");
  });
  auto& server = *sidecar->values_;
  sidecar->values_port_ = values_port == 0 ? server.bind_to_any_port("127.0.0.1")
                                           : (server.bind_to_port("127.0.0.1", values_port) ? values_port : -1);
  if (sidecar->values_port_ <= 0) {
    throw std::runtime_error("generator values API: cannot bind 127.0.0.1:" + std::to_string(values_port));
  }
  sidecar->thread_ = std::thread([&server] { server.listen_after_bind(); });
  return sidecar;
}

GeneratorSidecar::~GeneratorSidecar() {
  if (values_) values_->stop();
  if (thread_.joinable()) thread_.join();
}

namespace {

bool port_flag(std::string_view arg, std::string_view name, int& port) {
  if (arg.substr(0, name.size()) != name) return false;
  const std::string value(arg.substr(name.size()));
  std::size_t used = 0;
  try {
    port = std::stoi(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != value.size() || port < 1 || port > 65535) {
    throw std::invalid_argument(std::string(name) + " needs a port number 1-65535, got \"" + value + "\"");
  }
  return true;
}

}  // namespace

int run_generator_sidecar(int argc, char** argv) {
  int listen_port = 9100;
  int values_port = 9101;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string_view arg = argv[i];
      if (!port_flag(arg, "--listen-port=", listen_port) && !port_flag(arg, "--values-port=", values_port)) {
        throw std::invalid_argument("unknown argument \"" + std::string(arg) +
                                    "\" (known: --listen-port=N, --values-port=N)");
      }
    }
  } catch (const std::invalid_argument& error) {
    std::cerr << "rwchaos-kind-generator: " << error.what() << "\n";
    return 2;
  }
  // Block the stop signals before any thread starts, so only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::unique_ptr<GeneratorSidecar> sidecar;
  try {
    sidecar = GeneratorSidecar::start(listen_port, values_port);
  } catch (const std::exception& error) {
    std::cerr << "rwchaos-kind-generator: " << error.what() << "\n";
    return 2;
  }
  std::cout << "rwchaos-kind-generator: generator on 127.0.0.1:" << sidecar->generator_port()
            << ", values on 127.0.0.1:" << sidecar->values_port() << std::endl;
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  return 0;
}

}  // namespace rwchaos::harness
