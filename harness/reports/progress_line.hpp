#pragma once
// The live progress of one scenario: a line at every stage change and every `interval` in between.
// On a terminal the line is rewritten in place with \r (at most once a second); elsewhere (CI logs)
// a plain line is printed every few seconds, so a log shows the run moving without a line per poll.
// The counts are the report's own (the runner computes them with compute_counts on a snapshot of
// the ledger), named by their report.json keys.
#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace rwchaos::harness {

struct ProgressState {
  std::string scenario;
  std::string stage;   // "phase 1/2", "settle", or "collected" for the final counts
  double elapsed_s = 0;  // since the stage's start (phases: since the run's start)
  double limit_s = 0;    // the stage's length (phases: duration; settle: its limit); 0: no time shown
  std::uint64_t requests = 0;
  std::uint64_t faults_injected = 0;
  std::uint64_t retries = 0;
};

std::string format_progress(const ProgressState& state);
bool stdout_is_tty();

class ProgressDisplay {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds terminal_interval{1};
  static constexpr std::chrono::seconds log_interval{5};

  // `interval` unset: terminal_interval on a terminal, else log_interval.
  ProgressDisplay(std::ostream& out, bool tty, std::optional<Clock::duration> interval = std::nullopt)
      : out_(out), tty_(tty), interval_(interval.value_or(tty ? Clock::duration(terminal_interval) : log_interval)) {}
  // Whether update() would print now: on a new stage or once `interval` passed. Lets the caller skip
  // computing (and polling for) a state nobody sees.
  bool due(const std::string& stage, Clock::time_point now = Clock::now()) const;
  void update(const ProgressState& state, Clock::time_point now = Clock::now());
  void finish();  // ends the in-place line on a terminal

 private:
  std::ostream& out_;
  bool tty_;
  Clock::duration interval_;
  std::size_t last_width_ = 0;
  std::optional<std::string> last_stage_;
  Clock::time_point last_line_{};
};

}  // namespace rwchaos::harness
