// idle_close: close a kept-alive connection that has been idle for `after` (+ up to `jitter`,
// drawn from the seed), like a server's keep-alive timeout.
#include "faults/catalogue/actions.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class IdleClose final : public Action {
 public:
  Duration after{0};
  Duration jitter{0};
  bool rst = false;

  std::string_view name() const override { return "idle_close"; }
  Stage stage() const override { return Stage::idle; }
  Duration idle_limit(double draw) const override {
    return after + Duration(static_cast<Duration::rep>(draw * static_cast<double>(jitter.count())));
  }

  boost::asio::awaitable<Answer> act(Exchange& ex) const override {
    if (rst) ex.conn.close_rst(); else ex.conn.close_fin();
    co_return Answer{rst ? "close_rst" : "close_fin", 0, false, std::nullopt};
  }
};

}  // namespace

std::shared_ptr<const Action> parse_idle_close(Fields& fields) {
  auto action = std::make_shared<IdleClose>();
  auto after = fields.duration("after");
  if (!after) fields.fail("after", "missing; how long a kept-alive connection may idle, e.g. 2s");
  action->after = *after;
  action->jitter = fields.duration("jitter").value_or(Duration{0});
  action->rst = fields.choice("how", "fin", {"fin", "rst"}) == "rst";
  return action;
}

}  // namespace rwchaos::faults::catalogue
