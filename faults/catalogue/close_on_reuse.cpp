// close_on_reuse: the keep-alive race made deterministic. A reused connection is closed the moment
// bytes of its next request arrive, before any of it is parsed.
#include "faults/catalogue/actions.hpp"
#include "faults/catalogue/close_how.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class CloseOnReuse final : public engine::ArrivalAction {
 public:
  engine::CloseHow how = engine::CloseHow::fin;

  bool reused_only() const override { return true; }

  boost::asio::awaitable<engine::Answer> act(engine::Exchange& ex) const override {
    return close_without_answer(ex, how);
  }
};

}  // namespace

StagedAction parse_close_on_reuse(Fields& fields) {
  auto action = std::make_shared<CloseOnReuse>();
  action->how = parse_close_how(fields);
  return std::shared_ptr<const engine::ArrivalAction>(std::move(action));
}

}  // namespace rwchaos::faults::catalogue
