// blackhole: read the request, never answer; hold until the client closes or `hold` passes.
#include "faults/catalogue/actions.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class Blackhole final : public engine::AnswerAction {
 public:
  Duration max_hold{60'000};
  bool commit_first = false;

  bool commit() const override { return commit_first; }

  boost::asio::awaitable<engine::Answer> act(engine::Exchange& ex) const override {
    const engine::Answer answer{.outcome = Outcome::no_answer, .hold = max_hold};
    ex.record(answer);
    co_return answer;
  }
};

}  // namespace

StagedAction parse_blackhole(Fields& fields) {
  auto action = std::make_shared<Blackhole>();
  action->max_hold = fields.duration("hold").value_or(action->max_hold);
  action->commit_first = fields.boolean("commit", false);
  return std::shared_ptr<const engine::AnswerAction>(std::move(action));
}

}  // namespace rwchaos::faults::catalogue
