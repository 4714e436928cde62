#include "faults/engine/memory_budget.hpp"

#include <utility>

namespace rwchaos::faults::engine {

bool MemoryBudget::take(std::size_t n) {
  std::size_t used = used_.load(std::memory_order_relaxed);
  do {
    if (n > limit_ || used > limit_ - n) return false;
  } while (!used_.compare_exchange_weak(used, used + n, std::memory_order_relaxed));
  return true;
}

std::string MemoryBudget::refusal(std::size_t wanted, std::string_view what) const {
  return "the upstream's memory budget for requests in progress (" + std::to_string(limit_) +
         " bytes, --max-buffered-bytes) cannot hold " + std::to_string(wanted) + " more " + std::string(what) +
         " now; try again";
}

BudgetLease& BudgetLease::operator=(BudgetLease&& other) noexcept {
  if (this != &other) {
    release();
    budget_ = other.budget_;
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

bool BudgetLease::hold(std::size_t bytes) {
  if (bytes <= bytes_) return true;
  if (budget_ && !budget_->take(bytes - bytes_)) return false;
  bytes_ = bytes;
  return true;
}

void BudgetLease::release() {
  if (budget_ && bytes_ > 0) budget_->give(bytes_);
  bytes_ = 0;
}

}  // namespace rwchaos::faults::engine
