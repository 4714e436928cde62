#pragma once
// One line of live progress while a scenario runs. On a terminal it is rewritten in place with \r;
// elsewhere (CI logs) a plain line is printed only when the phase changes, so logs stay short.
#include <cstdint>
#include <ostream>
#include <string>

namespace rwchaos::harness {

struct ProgressState {
  std::string scenario;
  std::size_t phase = 0;   // 1-based; 0 while settling
  std::size_t phases = 0;
  double elapsed_s = 0;
  double total_s = 0;
  std::uint64_t requests = 0;
  std::uint64_t faults = 0;
  std::uint64_t retries = 0;
};

std::string format_progress(const ProgressState& state);
bool stdout_is_tty();

class ProgressDisplay {
 public:
  ProgressDisplay(std::ostream& out, bool tty) : out_(out), tty_(tty) {}
  void update(const ProgressState& state);
  void finish();  // ends the in-place line on a terminal

 private:
  std::ostream& out_;
  bool tty_;
  std::size_t last_width_ = 0;
  std::size_t last_phase_ = static_cast<std::size_t>(-1);
};

}  // namespace rwchaos::harness
