// close_before_headers: close the connection (FIN or RST) with no response byte, after the whole
// request was read (answer stage) or after `after_bytes` of it (arrival stage).
#include "faults/catalogue/actions.hpp"
#include "faults/catalogue/close_how.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class CloseBeforeHeaders final : public engine::ArrivalAction, public engine::AnswerAction {
 public:
  engine::CloseHow how = engine::CloseHow::fin;
  std::size_t cut_after = 0;
  bool commit_first = false;

  std::size_t after_bytes() const override { return cut_after; }
  bool commit() const override { return commit_first; }

  boost::asio::awaitable<engine::Answer> act(engine::Exchange& ex) const override {
    return close_without_answer(ex, how);
  }
};

}  // namespace

StagedAction parse_close_before_headers(Fields& fields) {
  auto action = std::make_shared<CloseBeforeHeaders>();
  action->how = parse_close_how(fields);
  action->cut_after = static_cast<std::size_t>(fields.integer("after_bytes", 0, 1, 1ll << 40));
  action->commit_first = fields.boolean("commit", false);
  if (action->cut_after == 0) return std::shared_ptr<const engine::AnswerAction>(std::move(action));
  if (action->commit_first) {
    fields.fail("commit", "cannot commit a request that is cut after_bytes (its body is never read)");
  }
  return std::shared_ptr<const engine::ArrivalAction>(std::move(action));
}

}  // namespace rwchaos::faults::catalogue
