#include "faults/engine/choose.hpp"

namespace rwchaos::faults::engine {

Match first_match(const Plan& plan, Stage stage, const Facts& facts) {
  for (std::size_t i = 0; i < plan.faults.size(); ++i) {
    const Fault& fault = plan.faults[i];
    if (fault.stage() != stage) continue;
    const Match match{&fault, i};
    if (stage == Stage::arrival && match.action<ArrivalAction>().reused_only() && !facts.reused) continue;
    if (matches(fault.when, facts, plan.seed, i)) return match;
  }
  return {};
}

Chosen choose_for_request(const Plan& plan, const Facts& facts) {
  Chosen chosen;
  for (std::size_t i = 0; i < plan.faults.size(); ++i) {
    const Fault& fault = plan.faults[i];
    if (fault.stage() == Stage::delay && matches(fault.when, facts, plan.seed, i)) {
      chosen.delay += Match{&fault, i}.action<DelayAction>().delay();
      chosen.delays.push_back(&fault);
    }
  }
  chosen.answer = first_match(plan, Stage::answer, facts);
  return chosen;
}

IdleLimit idle_limit(const Plan& plan, const Facts& facts, std::uint64_t requests_on_connection) {
  const Match match = first_match(plan, Stage::idle, facts);
  if (!match) return {};
  const double draw = seeded_draw(plan.seed, match.index, (facts.connection_id << 20) ^ requests_on_connection);
  return {match, match.action<IdleAction>().idle_limit(draw)};
}

}  // namespace rwchaos::faults::engine
