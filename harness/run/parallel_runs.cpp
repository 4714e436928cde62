#include "harness/run/parallel_runs.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

namespace rwchaos::harness {

std::vector<std::optional<RunReport>> run_in_parallel(std::size_t count, unsigned jobs,
                                                      const std::function<RunReport(std::size_t)>& run_one,
                                                      const std::function<bool()>& stop) {
  std::vector<std::optional<RunReport>> results(count);
  std::atomic<std::size_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr first_error;
  auto worker = [&] {
    for (;;) {
      if (stop()) return;
      const std::size_t index = next.fetch_add(1);
      if (index >= count) return;
      try {
        results[index] = run_one(index);  // each thread writes its own slots only
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        return;
      }
    }
  };
  const std::size_t threads = std::clamp<std::size_t>(jobs, 1, std::max<std::size_t>(count, 1));
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) pool.emplace_back(worker);
  for (auto& thread : pool) thread.join();
  if (first_error) std::rethrow_exception(first_error);
  return results;
}

}  // namespace rwchaos::harness
