// respond: answer with a status, a body (or an Envoy preset) and headers.
#include "faults/catalogue/actions.hpp"
#include "faults/catalogue/response_spec.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class Respond final : public engine::AnswerAction {
 public:
  ResponseSpec response;
  bool commit_first = false;

  bool commit() const override { return commit_first; }
  int planned_status() const override { return response.status; }

  boost::asio::awaitable<engine::Answer> act(engine::Exchange& ex) const override {
    engine::Answer answer{.outcome = Outcome::response, .status = response.status, .keep_alive = ex.keep_alive};
    const std::string bytes = serialize_response(response, answer.keep_alive);
    ex.record(answer);
    // A peer gone mid-answer cannot take another request on this connection.
    const bool sent = co_await ex.wire.send(bytes);
    if (!sent) answer.keep_alive = false;
    co_return answer;
  }
};

}  // namespace

StagedAction parse_respond(Fields& fields) {
  auto action = std::make_shared<Respond>();
  action->response = parse_response_spec(fields, 503);
  action->commit_first = parse_commit(fields, action->response.status);
  return std::shared_ptr<const engine::AnswerAction>(std::move(action));
}

}  // namespace rwchaos::faults::catalogue
