// respond: answer with a status, a body (or an Envoy preset) and headers.
#include "faults/catalogue/actions.hpp"
#include "faults/catalogue/response_spec.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class Respond final : public Action {
 public:
  ResponseSpec response;
  bool commit_first = false;

  std::string_view name() const override { return "respond"; }
  Stage stage() const override { return Stage::answer; }
  bool commit() const override { return commit_first; }
  int planned_status() const override { return response.status; }

  boost::asio::awaitable<Answer> act(Exchange& ex) const override {
    const Answer answer{"response", response.status, ex.request.keep_alive, std::nullopt};
    ex.record(answer);
    co_await ex.conn.send_raw(serialize_response(response, answer.keep_alive));
    co_return answer;
  }
};

}  // namespace

std::shared_ptr<const Action> parse_respond(Fields& fields) {
  auto action = std::make_shared<Respond>();
  action->response = parse_response_spec(fields, 503);
  action->commit_first = parse_commit(fields, action->response.status);
  return action;
}

}  // namespace rwchaos::faults::catalogue
