#pragma once
// Runs blocking work (decoding, storage commits) on a thread pool and resumes the calling
// coroutine on its own executor with the result, so io threads never block. A job that throws
// hands back what it threw instead: an exception escaping a pool thread would end the process.
#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <boost/asio.hpp>

namespace rwchaos::faults::engine {

// A pool job's result, or why it has none.
template <class T>
struct [[nodiscard]] JobResult {
  std::optional<T> value;
  std::string failure;  // what the job threw, when there is no value
  explicit operator bool() const { return value.has_value(); }
  T& operator*() { return *value; }
  T* operator->() { return &*value; }
};

template <class F>
JobResult<std::invoke_result_t<F>> run_guarded(F& work) noexcept {
  try {
    return {work(), {}};
  } catch (const std::exception& error) {
    return {std::nullopt, error.what()};
  } catch (...) {
    return {std::nullopt, "unknown exception"};
  }
}

template <class F>
boost::asio::awaitable<JobResult<std::invoke_result_t<F>>> offload(boost::asio::thread_pool& pool, F work) {
  namespace asio = boost::asio;
  using Result = JobResult<std::invoke_result_t<F>>;
  auto home = co_await asio::this_coro::executor;
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Result)>(
      [&pool, home](auto handler, F work) {
        asio::post(pool, [handler = std::move(handler), work = std::move(work), home]() mutable {
          Result result = run_guarded(work);
          asio::post(home, [handler = std::move(handler), result = std::move(result)]() mutable {
            std::move(handler)(std::move(result));
          });
        });
      },
      asio::use_awaitable, std::move(work));
}

}  // namespace rwchaos::faults::engine
