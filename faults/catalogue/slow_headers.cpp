// slow_headers: the status line leaves `delay` after the request's last byte (plus any latency);
// the commit (by default) happens within that delay. A client that closes during the wait is
// recorded as client_closed.
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
    // A client that times out and closes during the wait never gets the answer: say so.
    const bool stays = co_await ex.conn.wait_while_peer_stays(ex.delays_from + wait);
    if (!stays) co_return Answer{"client_closed", 0, false, std::nullopt};
    const Answer answer{"response", response.status, ex.request.keep_alive, std::nullopt};
    ex.record(answer);
    co_await ex.conn.send_raw(serialize_response(response, answer.keep_alive));
    co_return answer;
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
