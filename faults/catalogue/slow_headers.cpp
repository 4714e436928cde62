// slow_headers: wait `delay`, then answer normally (after committing, by default).
#include "faults/catalogue/actions.hpp"
#include "faults/catalogue/response_spec.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class SlowHeaders final : public Action {
 public:
  Duration wait{0};
  ResponseSpec response;
  bool commit_first = true;

  std::string_view name() const override { return "slow_headers"; }
  Stage stage() const override { return Stage::answer; }
  bool commit() const override { return commit_first; }
  int planned_status() const override { return response.status; }

  boost::asio::awaitable<Answer> act(Exchange& ex) const override {
    co_await ex.conn.sleep(wait);
    const bool keep_alive = ex.request.keep_alive;
    co_await ex.conn.send_raw(serialize_response(response, keep_alive));
    co_return Answer{"response", response.status, keep_alive, std::nullopt};
  }
};

}  // namespace

std::shared_ptr<const Action> parse_slow_headers(Fields& fields) {
  auto action = std::make_shared<SlowHeaders>();
  auto delay = fields.duration("delay");
  if (!delay) fields.fail("delay", "missing; how long to wait before the status line, e.g. 5s");
  action->wait = *delay;
  action->response = parse_response_spec(fields, 204);
  action->commit_first = parse_commit(fields, action->response.status);
  return action;
}

}  // namespace rwchaos::faults::catalogue
