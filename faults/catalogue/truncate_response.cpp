// truncate_response: send the first `bytes` bytes of a full response, then close (FIN or RST).
#include <algorithm>

#include "faults/catalogue/actions.hpp"
#include "faults/catalogue/close_how.hpp"
#include "faults/catalogue/response_spec.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class TruncateResponse final : public engine::AnswerAction {
 public:
  ResponseSpec response;
  std::size_t bytes = 0;  // 0: half of the response
  engine::CloseHow how = engine::CloseHow::fin;
  bool commit_first = true;

  bool commit() const override { return commit_first; }
  int planned_status() const override { return response.status; }

  boost::asio::awaitable<engine::Answer> act(engine::Exchange& ex) const override {
    const std::string full = serialize_response(response, false);
    const std::size_t n = std::min(bytes == 0 ? full.size() / 2 : bytes, full.size());
    const bool status_line_sent = full.find("\r\n") < n;
    const engine::Answer answer{.outcome = Outcome::truncated, .status = status_line_sent ? response.status : 0};
    ex.record(answer);
    // A peer gone mid-write has nothing left to cut; the engine closes the socket.
    const bool sent = co_await ex.wire.send(std::string_view(full).substr(0, n));
    if (sent) ex.wire.close(how);
    co_return answer;
  }
};

}  // namespace

StagedAction parse_truncate_response(Fields& fields) {
  auto action = std::make_shared<TruncateResponse>();
  action->response = parse_response_spec(fields, 200, "truncated response body: the client must not trust it\n");
  action->bytes = static_cast<std::size_t>(fields.integer("bytes", 0, 1, 1ll << 30));
  action->how = parse_close_how(fields);
  action->commit_first = parse_commit(fields, action->response.status);
  return std::shared_ptr<const engine::AnswerAction>(std::move(action));
}

}  // namespace rwchaos::faults::catalogue
