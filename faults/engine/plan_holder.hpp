#pragma once
// The running plan. A request takes a snapshot when its first bytes arrive, so a new plan takes
// effect for the next request.
#include <memory>
#include <mutex>

#include "faults/engine/plan.hpp"

namespace rwchaos::faults::engine {

class PlanHolder {
 public:
  PlanHolder() : current_(std::make_shared<const Plan>(empty())) {}
  std::shared_ptr<const Plan> current() const {
    std::lock_guard lock(mutex_);
    return current_;
  }
  void install(Plan plan) {
    plan.installed = std::chrono::steady_clock::now();
    auto next = std::make_shared<const Plan>(std::move(plan));
    std::lock_guard lock(mutex_);
    current_ = std::move(next);
  }
  void clear() { install(empty()); }

 private:
  static Plan empty() {
    Plan plan;
    plan.yaml = "seed: 0\nfaults: []\n";
    return plan;
  }
  mutable std::mutex mutex_;
  std::shared_ptr<const Plan> current_;
};

}  // namespace rwchaos::faults::engine
