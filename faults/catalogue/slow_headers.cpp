// slow_headers: the status line leaves `delay` after the request's last byte (plus any latency);
// the commit (by default) happens within that delay. A client that closes during the wait is
// recorded as client_closed.
#include "faults/catalogue/actions.hpp"
#include "faults/catalogue/response_spec.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class SlowHeaders final : public engine::AnswerAction {
 public:
  Duration wait{0};
  ResponseSpec response;
  bool commit_first = true;

  bool commit() const override { return commit_first; }
  int planned_status() const override { return response.status; }

  boost::asio::awaitable<engine::Answer> act(engine::Exchange& ex) const override {
    // A client that times out and closes during the wait never gets the answer: say so.
    const bool stayed = co_await ex.wire.wait_while_peer_stays(ex.delays_from + wait);
    if (!stayed) co_return engine::Answer{.outcome = Outcome::client_closed};
    engine::Answer answer{.outcome = Outcome::response, .status = response.status, .keep_alive = ex.keep_alive};
    const std::string bytes = serialize_response(response, answer.keep_alive);
    ex.record(answer);
    const bool sent = co_await ex.wire.send(bytes);
    if (!sent) answer.keep_alive = false;
    co_return answer;
  }
};

}  // namespace

StagedAction parse_slow_headers(Fields& fields) {
  auto action = std::make_shared<SlowHeaders>();
  auto delay = fields.duration("delay");
  if (!delay) fields.fail("delay", "missing; how long to wait before the status line, e.g. 5s");
  action->wait = *delay;
  action->response = parse_response_spec(fields, 204);
  action->commit_first = parse_commit(fields, action->response.status);
  return std::shared_ptr<const engine::AnswerAction>(std::move(action));
}

}  // namespace rwchaos::faults::catalogue
