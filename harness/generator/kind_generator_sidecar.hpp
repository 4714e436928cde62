#pragma once
// The ground-truth generator for kind runs: the same Generator as local runs (harness/env/
// generator.hpp), on a fixed 127.0.0.1 port inside the client's pod, plus a small values API on a
// second 127.0.0.1 port that the harness reads through kubectl port-forward:
//   GET  /values  {"scraped":[1,2,...],"queried":[...],"frozen":false}
//   POST /freeze  the generator answers 503 from now on (Generator::freeze)
// Built into the rwchaos image as rwchaos-kind-generator (kind/Dockerfile, kind/generator_main.cpp).
#include <memory>
#include <string>
#include <thread>

#include "harness/generator/generator.hpp"

namespace httplib {
class Server;
}

namespace rwchaos::harness {

class GeneratorSidecar {
 public:
  // Throws std::runtime_error when a port cannot be bound. values_port 0 = any free port.
  static std::unique_ptr<GeneratorSidecar> start(int listen_port, int values_port);
  ~GeneratorSidecar();
  GeneratorSidecar(const GeneratorSidecar&) = delete;
  GeneratorSidecar& operator=(const GeneratorSidecar&) = delete;

  int generator_port() const { return generator_->port(); }
  int values_port() const { return values_port_; }

 private:
  GeneratorSidecar() = default;
  std::unique_ptr<Generator> generator_;
  std::unique_ptr<httplib::Server> values_;
  std::thread thread_;
  int values_port_ = 0;
};

// main() of rwchaos-kind-generator: --listen-port=N (default 9100) --values-port=N (default 9101);
// serves until SIGTERM or SIGINT. Exit 0, or 2 on bad flags or a port that cannot be bound.
int run_generator_sidecar(int argc, char** argv);

}  // namespace rwchaos::harness
