// close_before_headers: close the connection (FIN or RST) with no response byte, after the whole
// request was read or after `after_bytes` of it.
#include "faults/catalogue/actions.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class CloseBeforeHeaders final : public Action {
 public:
  bool rst = false;
  std::size_t cut_after = 0;
  bool commit_first = false;

  std::string_view name() const override { return "close_before_headers"; }
  Stage stage() const override { return cut_after > 0 ? Stage::arrival : Stage::answer; }
  bool commit() const override { return commit_first; }
  std::size_t after_bytes() const override { return cut_after; }

  boost::asio::awaitable<Answer> act(Exchange& ex) const override {
    const Answer answer{rst ? "close_rst" : "close_fin", 0, false, std::nullopt};
    ex.record(answer);
    if (rst) ex.conn.close_rst(); else ex.conn.close_fin();
    co_return answer;
  }
};

}  // namespace

std::shared_ptr<const Action> parse_close_before_headers(Fields& fields) {
  auto action = std::make_shared<CloseBeforeHeaders>();
  action->rst = fields.choice("how", "fin", {"fin", "rst"}) == "rst";
  action->cut_after = static_cast<std::size_t>(fields.integer("after_bytes", 0, 1, 1ll << 40));
  action->commit_first = fields.boolean("commit", false);
  if (action->cut_after > 0 && action->commit_first) {
    fields.fail("commit", "cannot commit a request that is cut after_bytes (its body is never read)");
  }
  return action;
}

}  // namespace rwchaos::faults::catalogue
