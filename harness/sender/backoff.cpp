#include "harness/sender/backoff.hpp"

#include <algorithm>

namespace rwchaos::harness::sender {

void Backoff::waited(Duration waited) {
  if (constant_) return;
  next_ = std::clamp(waited * 2, min_, max_);
}

}  // namespace rwchaos::harness::sender
