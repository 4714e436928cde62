#include "harness/reports/progress_line.hpp"

#include <unistd.h>

#include <fmt/format.h>

namespace rwchaos::harness {

std::string format_progress(const ProgressState& s) {
  const std::string phase = s.phase == 0 ? "settle" : fmt::format("phase {}/{}", s.phase, s.phases);
  return fmt::format("{} {} {:.1f}s/{:.0f}s requests {} faults {} retries {}", s.scenario, phase, s.elapsed_s,
                     s.total_s, s.requests, s.faults, s.retries);
}

bool stdout_is_tty() { return isatty(STDOUT_FILENO) == 1; }

void ProgressDisplay::update(const ProgressState& state) {
  const std::string line = format_progress(state);
  if (tty_) {
    // Pad over the rest of a longer previous line.
    out_ << '\r' << line << std::string(last_width_ > line.size() ? last_width_ - line.size() : 0, ' ') << std::flush;
    last_width_ = line.size();
  } else if (state.phase != last_phase_) {
    out_ << line << '\n' << std::flush;
  }
  last_phase_ = state.phase;
}

void ProgressDisplay::finish() {
  if (tty_ && last_width_ > 0) out_ << '\n' << std::flush;
  last_width_ = 0;
}

}  // namespace rwchaos::harness
