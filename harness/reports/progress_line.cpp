#include "harness/reports/progress_line.hpp"

#include <unistd.h>

#include <fmt/format.h>

namespace rwchaos::harness {

std::string format_progress(const ProgressState& s) {
  const std::string time = s.limit_s > 0 ? fmt::format(" {:.1f}s/{:.0f}s", s.elapsed_s, s.limit_s) : "";
  return fmt::format("{} {}{} requests {} faults_injected {} retries {}", s.scenario, s.stage, time, s.requests,
                     s.faults_injected, s.retries);
}

bool stdout_is_tty() { return isatty(STDOUT_FILENO) == 1; }

bool ProgressDisplay::due(const std::string& stage, Clock::time_point now) const {
  return stage != last_stage_ || now - last_line_ >= interval_;
}

void ProgressDisplay::update(const ProgressState& state, Clock::time_point now) {
  if (!due(state.stage, now)) return;
  const std::string line = format_progress(state);
  if (tty_) {
    // Pad over the rest of a longer previous line.
    out_ << '\r' << line << std::string(last_width_ > line.size() ? last_width_ - line.size() : 0, ' ') << std::flush;
    last_width_ = line.size();
  } else {
    out_ << line << '\n' << std::flush;
  }
  last_stage_ = state.stage;
  last_line_ = now;
}

void ProgressDisplay::finish() {
  if (tty_ && last_width_ > 0) out_ << '\n' << std::flush;
  last_width_ = 0;
}

}  // namespace rwchaos::harness
