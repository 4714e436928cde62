#pragma once
// What a long-running rwchaos subcommand (`upstream`, `sidecar`) does around its work: the stop
// signals are blocked in every thread so one thread can wait for them, SIGPIPE is ignored, and the
// ready file is written so that no reader ever sees half of it.
#include <csignal>
#include <string>

namespace rwchaos::faults {

class StopSignals {
 public:
  // Blocks SIGINT and SIGTERM in this thread and every thread it starts later; ignores SIGPIPE.
  // Construct it before any thread starts.
  StopSignals();
  int wait();  // the signal that came

 private:
  sigset_t set_;
};

// Writes `text` to PATH.tmp, then renames it to PATH. False when either step fails.
bool write_file_atomically(const std::string& path, const std::string& text);

}  // namespace rwchaos::faults
