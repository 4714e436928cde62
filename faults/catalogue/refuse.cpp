// refuse: while active, every new connection is reset as soon as it is accepted.
#include "faults/catalogue/actions.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class Refuse final : public Action {
 public:
  std::string_view name() const override { return "refuse"; }
  Stage stage() const override { return Stage::accept; }

  boost::asio::awaitable<Answer> act(Exchange& ex) const override {
    ex.conn.close_rst();
    co_return Answer{"close_rst", 0, false, std::nullopt};
  }
};

}  // namespace

std::shared_ptr<const Action> parse_refuse(Fields&) { return std::make_shared<Refuse>(); }

}  // namespace rwchaos::faults::catalogue
