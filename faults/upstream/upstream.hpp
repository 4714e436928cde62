#pragma once
// The fault upstream, runnable in-process (tests) or as `rwchaos upstream` (upstream_main.cpp):
// remote-write connections on io threads (one per core), blocking work on a small pool, control API on its own thread.
#include <memory>
#include <string>

#include "faults/upstream/upstream_main.hpp"

namespace rwchaos::faults {

class Upstream {
 public:
  // Binds both listeners and starts serving; throws std::runtime_error/invalid_argument on bad
  // options (plan errors name file, line, column and field) or bind failures.
  explicit Upstream(const UpstreamOptions& options);
  ~Upstream();
  Upstream(const Upstream&) = delete;
  Upstream& operator=(const Upstream&) = delete;

  std::string listen_address() const;   // host:port as bound
  std::string control_address() const;
  std::uint16_t listen_port() const;
  std::uint16_t control_port() const;
  void stop();  // stop accepting, close connections, flush the ledger

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace rwchaos::faults
