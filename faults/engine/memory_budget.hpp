#pragma once
// One budget for the bytes all requests in progress hold: bodies as they are read and decoded
// payloads until the answer. Per-request caps (--max-body-bytes, the 128 MiB decode limit) bound
// one request; this bounds them together, so 4,096 connections cannot each hold 32 MiB at once.
// A request that would pass it is answered 503 (as Envoy's overload manager and
// victoria-metrics' concurrency limit answer), before its body is allocated.
#include <atomic>
#include <cstddef>
#include <string>
#include <string_view>

namespace rwchaos::faults::engine {

class MemoryBudget {
 public:
  explicit MemoryBudget(std::size_t limit) : limit_(limit) {}
  // Takes `n` bytes if that keeps the total within the limit; false, taking nothing, otherwise.
  bool take(std::size_t n);
  void give(std::size_t n) { used_.fetch_sub(n, std::memory_order_relaxed); }
  std::size_t in_use() const { return used_.load(std::memory_order_relaxed); }
  std::size_t limit() const { return limit_; }
  // The 503 reason when `wanted` more bytes (`what`: "body bytes", "decoded bytes") do not fit.
  std::string refusal(std::size_t wanted, std::string_view what) const;

 private:
  std::atomic<std::size_t> used_{0};
  std::size_t limit_;
};

// The bytes one request holds from a budget, given back when the lease ends. No budget: unlimited.
class BudgetLease {
 public:
  BudgetLease() = default;
  explicit BudgetLease(MemoryBudget* budget) : budget_(budget) {}
  BudgetLease(BudgetLease&& other) noexcept : budget_(other.budget_), bytes_(other.bytes_) { other.bytes_ = 0; }
  BudgetLease& operator=(BudgetLease&& other) noexcept;
  BudgetLease(const BudgetLease&) = delete;
  BudgetLease& operator=(const BudgetLease&) = delete;
  ~BudgetLease() { release(); }

  // Holds at least `bytes` in total; false when the budget cannot give the difference.
  bool hold(std::size_t bytes);
  std::size_t bytes() const { return bytes_; }
  void release();

 private:
  MemoryBudget* budget_ = nullptr;
  std::size_t bytes_ = 0;
};

}  // namespace rwchaos::faults::engine
