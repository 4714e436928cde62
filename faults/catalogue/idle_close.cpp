// idle_close: close a kept-alive connection that has been idle for `after` (+ up to `jitter`,
// drawn from the seed), like a server's keep-alive timeout.
#include "faults/catalogue/actions.hpp"
#include "faults/catalogue/close_how.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class IdleClose final : public engine::IdleAction {
 public:
  Duration after{0};
  Duration jitter{0};
  engine::CloseHow how = engine::CloseHow::fin;

  Duration idle_limit(double draw) const override {
    return after + Duration(static_cast<Duration::rep>(draw * static_cast<double>(jitter.count())));
  }

  boost::asio::awaitable<void> act(engine::Wire& wire) const override {
    wire.close(how);
    co_return;
  }
};

}  // namespace

StagedAction parse_idle_close(Fields& fields) {
  auto action = std::make_shared<IdleClose>();
  auto after = fields.duration("after");
  if (!after) fields.fail("after", "missing; how long a kept-alive connection may idle, e.g. 2s");
  action->after = *after;
  action->jitter = fields.duration("jitter").value_or(Duration{0});
  action->how = parse_close_how(fields);
  return std::shared_ptr<const engine::IdleAction>(std::move(action));
}

}  // namespace rwchaos::faults::catalogue
