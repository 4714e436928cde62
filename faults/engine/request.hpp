#pragma once
// One HTTP request as read off a connection.
#include <chrono>
#include <cstddef>
#include <map>
#include <string>

#include "faults/engine/memory_budget.hpp"

namespace rwchaos::faults::engine {

enum class ReadStatus { complete, peer_closed, timeout, bad_request, too_large, over_budget, io_error };

struct Request {
  ReadStatus status = ReadStatus::complete;
  std::string error;                           // why, when status is not complete
  std::string method;
  std::string target;
  bool keep_alive = true;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::size_t bytes_read = 0;                  // request bytes consumed from the wire
  std::chrono::steady_clock::time_point received_at{};  // when the kernel received its last byte (complete requests)
  BudgetLease lease;                           // its body's bytes in the upstream's memory budget
};

}  // namespace rwchaos::faults::engine
