// latency: wait `delay` before handling the request; composes with every other action.
#include "faults/catalogue/actions.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class Latency final : public engine::DelayAction {
 public:
  Duration wait{0};

  Duration delay() const override { return wait; }
};

}  // namespace

StagedAction parse_latency(Fields& fields) {
  auto action = std::make_shared<Latency>();
  auto delay = fields.duration("delay");
  if (!delay) fields.fail("delay", "missing; how long to wait before handling, e.g. 200ms");
  action->wait = *delay;
  return std::shared_ptr<const engine::DelayAction>(std::move(action));
}

}  // namespace rwchaos::faults::catalogue
