// trickle_body: send status and headers at once, then the body `chunk` bytes every `interval`.
#include <algorithm>

#include "faults/catalogue/actions.hpp"
#include "faults/catalogue/response_spec.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class TrickleBody final : public engine::AnswerAction {
 public:
  ResponseSpec response;
  std::size_t chunk = 16;
  Duration interval{100};
  bool commit_first = true;

  bool commit() const override { return commit_first; }
  int planned_status() const override { return response.status; }

  boost::asio::awaitable<engine::Answer> act(engine::Exchange& ex) const override {
    const std::string bytes = serialize_response(response, ex.keep_alive);
    const std::size_t head = bytes.size() - response.body.size();
    engine::Answer answer{.outcome = Outcome::response, .status = response.status, .keep_alive = ex.keep_alive};
    ex.record(answer);
    bool sent = co_await ex.wire.send(std::string_view(bytes).substr(0, head));
    for (std::size_t at = head; sent && at < bytes.size(); at += chunk) {
      co_await ex.wire.sleep(interval);
      sent = co_await ex.wire.send(std::string_view(bytes).substr(at, std::min(chunk, bytes.size() - at)));
    }
    // A peer gone mid-answer cannot take another request on this connection.
    if (!sent) answer.keep_alive = false;
    co_return answer;
  }
};

}  // namespace

StagedAction parse_trickle_body(Fields& fields) {
  auto action = std::make_shared<TrickleBody>();
  const auto size = static_cast<std::size_t>(fields.integer("size", 256, 1, 16 << 20));
  action->response = parse_response_spec(fields, 200, std::string(size, 'x'));
  action->chunk = static_cast<std::size_t>(fields.integer("chunk", 16, 1, 1 << 20));
  action->interval = fields.duration("interval").value_or(action->interval);
  action->commit_first = parse_commit(fields, action->response.status);
  return std::shared_ptr<const engine::AnswerAction>(std::move(action));
}

}  // namespace rwchaos::faults::catalogue
