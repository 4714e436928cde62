// refuse: while active, every new connection is reset as soon as it is accepted.
#include "faults/catalogue/actions.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class Refuse final : public engine::AcceptAction {
 public:
  boost::asio::awaitable<void> act(engine::Wire& wire) const override {
    wire.close(engine::CloseHow::rst);
    co_return;
  }
};

}  // namespace

StagedAction parse_refuse(Fields&) { return std::shared_ptr<const engine::AcceptAction>(std::make_shared<Refuse>()); }

}  // namespace rwchaos::faults::catalogue
