#include "harness/run/interrupt.hpp"

#include <signal.h>

#include <atomic>

namespace rwchaos::harness {

namespace {
std::atomic<int> received{0};

void on_signal(int signal) { received.store(signal); }
}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
  // A child's closed pipe must not kill the harness.
  ::signal(SIGPIPE, SIG_IGN);
}

int interrupt_signal() { return received.load(); }
bool interrupted() { return received.load() != 0; }

}  // namespace rwchaos::harness
