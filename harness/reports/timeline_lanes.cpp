#include "harness/reports/timeline_lanes.hpp"

namespace rwchaos::harness {

std::size_t LanePacker::place(double x) {
  for (std::size_t lane = 0; lane < last_x_.size(); ++lane) {
    if (x - last_x_[lane] >= min_gap_) {
      last_x_[lane] = x;
      return lane;
    }
  }
  if (last_x_.size() < max_lanes_ || last_x_.empty()) {
    last_x_.push_back(x);
    return last_x_.size() - 1;
  }
  ++crowded_;
  last_x_.back() = x;
  return last_x_.size() - 1;
}

}  // namespace rwchaos::harness
