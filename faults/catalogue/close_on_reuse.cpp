// close_on_reuse: the keep-alive race made deterministic. A reused connection is closed the moment
// bytes of its next request arrive, before any of it is parsed.
#include "faults/catalogue/actions.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class CloseOnReuse final : public Action {
 public:
  bool rst = false;

  std::string_view name() const override { return "close_on_reuse"; }
  Stage stage() const override { return Stage::arrival; }
  bool reused_only() const override { return true; }

  boost::asio::awaitable<Answer> act(Exchange& ex) const override {
    const Answer answer{rst ? "close_rst" : "close_fin", 0, false, std::nullopt};
    ex.record(answer);
    if (rst) ex.conn.close_rst(); else ex.conn.close_fin();
    co_return answer;
  }
};

}  // namespace

std::shared_ptr<const Action> parse_close_on_reuse(Fields& fields) {
  auto action = std::make_shared<CloseOnReuse>();
  action->rst = fields.choice("how", "fin", {"fin", "rst"}) == "rst";
  return action;
}

}  // namespace rwchaos::faults::catalogue
