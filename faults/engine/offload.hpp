#pragma once
// Runs blocking work (decoding, storage commits) on a thread pool and resumes the calling
// coroutine on its own executor with the result, so io threads never block.
#include <type_traits>
#include <utility>

#include <boost/asio.hpp>

namespace rwchaos::faults::engine {

template <class F>
boost::asio::awaitable<std::invoke_result_t<F>> offload(boost::asio::thread_pool& pool, F work) {
  namespace asio = boost::asio;
  using Result = std::invoke_result_t<F>;
  auto home = co_await asio::this_coro::executor;
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Result)>(
      [&pool, home](auto handler, F work) {
        asio::post(pool, [handler = std::move(handler), work = std::move(work), home]() mutable {
          Result result = work();
          asio::post(home, [handler = std::move(handler), result = std::move(result)]() mutable {
            std::move(handler)(std::move(result));
          });
        });
      },
      asio::use_awaitable, std::move(work));
}

}  // namespace rwchaos::faults::engine
