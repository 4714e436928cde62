// blackhole: read the request, never answer; hold until the client closes or `hold` passes.
#include "faults/catalogue/actions.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class Blackhole final : public Action {
 public:
  Duration max_hold{60'000};
  bool commit_first = false;

  std::string_view name() const override { return "blackhole"; }
  Stage stage() const override { return Stage::answer; }
  bool commit() const override { return commit_first; }

  boost::asio::awaitable<Answer> act(Exchange& ex) const override {
    const Answer answer{"no_answer", 0, false, max_hold};
    ex.record(answer);
    co_return answer;
  }
};

}  // namespace

std::shared_ptr<const Action> parse_blackhole(Fields& fields) {
  auto action = std::make_shared<Blackhole>();
  action->max_hold = fields.duration("hold").value_or(action->max_hold);
  action->commit_first = fields.boolean("commit", false);
  return action;
}

}  // namespace rwchaos::faults::catalogue
