// half_close: shut down the write side (the client reads EOF) while still reading; then close, or
// hold the connection until the client closes.
#include "faults/catalogue/actions.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class HalfClose final : public Action {
 public:
  bool then_hold = true;
  Duration max_hold{30'000};
  bool commit_first = false;

  std::string_view name() const override { return "half_close"; }
  Stage stage() const override { return Stage::answer; }
  bool commit() const override { return commit_first; }

  boost::asio::awaitable<Answer> act(Exchange& ex) const override {
    Answer answer{"half_close", 0, false, std::nullopt};
    if (then_hold) answer.hold = max_hold;
    ex.record(answer);
    ex.conn.half_close();
    co_return answer;
  }
};

}  // namespace

std::shared_ptr<const Action> parse_half_close(Fields& fields) {
  auto action = std::make_shared<HalfClose>();
  action->then_hold = fields.choice("then", "hold", {"close", "hold"}) == "hold";
  action->max_hold = fields.duration("hold").value_or(action->max_hold);
  action->commit_first = fields.boolean("commit", false);
  return action;
}

}  // namespace rwchaos::faults::catalogue
