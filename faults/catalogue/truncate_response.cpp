// truncate_response: send the first `bytes` bytes of a full response, then close (FIN or RST).
#include <algorithm>

#include "faults/catalogue/actions.hpp"
#include "faults/catalogue/response_spec.hpp"

namespace rwchaos::faults::catalogue {
namespace {

class TruncateResponse final : public Action {
 public:
  ResponseSpec response;
  std::size_t bytes = 0;  // 0: half of the response
  bool rst = false;
  bool commit_first = true;

  std::string_view name() const override { return "truncate_response"; }
  Stage stage() const override { return Stage::answer; }
  bool commit() const override { return commit_first; }
  int planned_status() const override { return response.status; }

  boost::asio::awaitable<Answer> act(Exchange& ex) const override {
    const std::string full = serialize_response(response, false);
    const std::size_t n = std::min(bytes == 0 ? full.size() / 2 : bytes, full.size());
    const bool status_line_sent = full.find("\r\n") < n;
    const Answer answer{"truncated", status_line_sent ? response.status : 0, false, std::nullopt};
    ex.record(answer);
    co_await ex.conn.send_raw(std::string_view(full).substr(0, n));
    if (rst) ex.conn.close_rst(); else ex.conn.close_fin();
    co_return answer;
  }
};

}  // namespace

std::shared_ptr<const Action> parse_truncate_response(Fields& fields) {
  auto action = std::make_shared<TruncateResponse>();
  action->response = parse_response_spec(fields, 200, "truncated response body: the client must not trust it\n");
  action->bytes = static_cast<std::size_t>(fields.integer("bytes", 0, 1, 1ll << 30));
  action->rst = fields.choice("how", "fin", {"fin", "rst"}) == "rst";
  action->commit_first = parse_commit(fields, action->response.status);
  return action;
}

}  // namespace rwchaos::faults::catalogue
