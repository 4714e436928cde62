#pragma once
// Marks on a time axis that would cover each other go into lanes, stacked: each mark takes the first
// lane whose last mark ends far enough to its left. No jitter: the same input draws the same picture,
// and N marks stay N visible marks however close in time.
#include <cstddef>
#include <vector>

namespace rwchaos::harness {

class LanePacker {
 public:
  // Marks closer than `min_gap` (pixels, centre to centre) cannot share a lane. Past `max_lanes`
  // a mark goes into the last lane anyway, covering another, and is counted in crowded().
  LanePacker(double min_gap, std::size_t max_lanes) : min_gap_(min_gap), max_lanes_(max_lanes) {}
  // The lane (from 0) of a mark at x; call in increasing x.
  std::size_t place(double x);
  std::size_t lanes() const { return last_x_.size(); }
  std::size_t crowded() const { return crowded_; }

 private:
  double min_gap_;
  std::size_t max_lanes_;
  std::size_t crowded_ = 0;
  std::vector<double> last_x_;  // per lane, the x of its last mark
};

}  // namespace rwchaos::harness
