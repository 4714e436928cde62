// half_close: shut down the write side (the client reads EOF) while still reading; then close, or
// hold the connection until the client closes.
#include "faults/catalogue/actions.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class HalfClose final : public engine::AnswerAction {
 public:
  bool then_hold = true;
  Duration max_hold{30'000};
  bool commit_first = false;

  bool commit() const override { return commit_first; }

  boost::asio::awaitable<engine::Answer> act(engine::Exchange& ex) const override {
    engine::Answer answer{.outcome = Outcome::half_close};
    if (then_hold) answer.hold = max_hold;
    ex.record(answer);
    ex.wire.half_close();
    co_return answer;
  }
};

}  // namespace

StagedAction parse_half_close(Fields& fields) {
  auto action = std::make_shared<HalfClose>();
  action->then_hold = fields.choice("then", "hold", {"close", "hold"}) == "hold";
  action->max_hold = fields.duration("hold").value_or(action->max_hold);
  action->commit_first = fields.boolean("commit", false);
  return std::shared_ptr<const engine::AnswerAction>(std::move(action));
}

}  // namespace rwchaos::faults::catalogue
