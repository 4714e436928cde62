#pragma once
// The control API (docs/internals.md "Control API") on cpp-httplib.
#include <cstddef>
#include <string>

#include <httplib.h>

#include "faults/engine/memory_budget.hpp"
#include "faults/ledger/ledger.hpp"
#include "faults/ledger/sample_book.hpp"
#include "faults/ledger/stats.hpp"
#include "faults/engine/plan_holder.hpp"

namespace rwchaos::faults::control {

// A plan is a few KiB; anything near this is a mistake or abuse, refused with 413 before it is read whole.
inline constexpr std::size_t max_control_body_bytes = 1u << 20;

struct ControlTargets {
  engine::PlanHolder& plans;
  ledger::Ledger& ledger;  // clearing it also clears the request counters of `stats`
  ledger::Stats& stats;
  ledger::SampleBook& book;
  const engine::MemoryBudget* budget;  // requests in progress; null: none
  bool has_storage;          // --forward given: /export is the storage's job
  std::string token;         // empty: no Authorization needed
};

void install_routes(httplib::Server& server, ControlTargets targets);

}  // namespace rwchaos::faults::control
