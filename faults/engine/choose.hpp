#pragma once
// Which faults of a plan act (docs/faults.md "Precedence"): at each stage the first match in list
// order decides, except delays, which all add up. Pure functions of the plan and the facts.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <variant>
#include <vector>

#include "faults/engine/plan.hpp"

namespace rwchaos::faults::engine {

struct Match {
  const Fault* fault = nullptr;
  std::size_t index = 0;  // in the plan's list: part of the seeded draws
  explicit operator bool() const { return fault != nullptr; }
  // The matched fault's stage interface; A is the interface of the stage it was matched at.
  template <class A>
  const A& action() const { return *std::get<std::shared_ptr<const A>>(fault->impl); }
};

// The first fault of `stage` whose `when` holds (arrival: reused-only ones on reused connections only).
Match first_match(const Plan& plan, Stage stage, const Facts& facts);

// The faults chosen for a request once it is read: all matching delays, the first matching answer.
struct Chosen {
  Duration delay{0};
  std::vector<const Fault*> delays;
  Match answer;
  // No answer fault: committed and answered 204.
  bool commit() const { return answer ? answer.action<AnswerAction>().commit() : true; }
  int planned_status() const { return answer ? answer.action<AnswerAction>().planned_status() : 204; }
};
Chosen choose_for_request(const Plan& plan, const Facts& facts);

// How long a kept-alive connection may idle, when an idle fault matches: its limit for a draw
// keyed by connection id and request count, so the same run draws the same.
struct IdleLimit {
  Match match;
  Duration limit{0};
};
IdleLimit idle_limit(const Plan& plan, const Facts& facts, std::uint64_t requests_on_connection);

inline Duration since_install(const Plan& plan) {
  return std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - plan.installed);
}

}  // namespace rwchaos::faults::engine
