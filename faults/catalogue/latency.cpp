// latency: wait `delay` before handling the request; composes with every other action.
#include "faults/catalogue/actions.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class Latency final : public Action {
 public:
  Duration wait{0};

  std::string_view name() const override { return "latency"; }
  Stage stage() const override { return Stage::delay; }
  Duration delay() const override { return wait; }

  boost::asio::awaitable<Answer> act(Exchange&) const override { co_return Answer{}; }
};

}  // namespace

std::shared_ptr<const Action> parse_latency(Fields& fields) {
  auto action = std::make_shared<Latency>();
  auto delay = fields.duration("delay");
  if (!delay) fields.fail("delay", "missing; how long to wait before handling, e.g. 200ms");
  action->wait = *delay;
  return action;
}

}  // namespace rwchaos::faults::catalogue
