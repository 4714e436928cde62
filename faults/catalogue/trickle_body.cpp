// trickle_body: send status and headers at once, then the body `chunk` bytes every `interval`.
#include <algorithm>

#include "faults/catalogue/actions.hpp"
#include "faults/catalogue/response_spec.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class TrickleBody final : public Action {
 public:
  ResponseSpec response;
  std::size_t chunk = 16;
  Duration interval{100};
  bool commit_first = true;

  std::string_view name() const override { return "trickle_body"; }
  Stage stage() const override { return Stage::answer; }
  bool commit() const override { return commit_first; }
  int planned_status() const override { return response.status; }

  boost::asio::awaitable<Answer> act(Exchange& ex) const override {
    const bool keep_alive = ex.request.keep_alive;
    const std::string bytes = serialize_response(response, keep_alive);
    const std::size_t head = bytes.size() - response.body.size();
    Answer answer{"response", response.status, keep_alive, std::nullopt};
    ex.record(answer);
    if (!co_await ex.conn.send_raw(std::string_view(bytes).substr(0, head))) co_return answer;
    for (std::size_t at = head; at < bytes.size(); at += chunk) {
      co_await ex.conn.sleep(interval);
      if (!co_await ex.conn.send_body(std::string_view(bytes).substr(at, std::min(chunk, bytes.size() - at)))) {
        answer.keep_alive = false;
        co_return answer;
      }
    }
    co_return answer;
  }
};

}  // namespace

std::shared_ptr<const Action> parse_trickle_body(Fields& fields) {
  auto action = std::make_shared<TrickleBody>();
  const auto size = static_cast<std::size_t>(fields.integer("size", 256, 1, 16 << 20));
  action->response = parse_response_spec(fields, 200, std::string(size, 'x'));
  action->chunk = static_cast<std::size_t>(fields.integer("chunk", 16, 1, 1 << 20));
  action->interval = fields.duration("interval").value_or(action->interval);
  action->commit_first = parse_commit(fields, action->response.status);
  return action;
}

}  // namespace rwchaos::faults::catalogue
