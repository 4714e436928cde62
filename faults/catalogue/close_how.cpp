#include "faults/catalogue/close_how.hpp"

namespace rwchaos::faults::catalogue {

engine::CloseHow parse_close_how(Fields& fields) {
  return fields.choice("how", "fin", {"fin", "rst"}) == "rst" ? engine::CloseHow::rst : engine::CloseHow::fin;
}

Outcome closed(engine::CloseHow how) { return how == engine::CloseHow::rst ? Outcome::close_rst : Outcome::close_fin; }

boost::asio::awaitable<engine::Answer> close_without_answer(engine::Exchange& exchange, engine::CloseHow how) {
  const engine::Answer answer{.outcome = closed(how)};
  exchange.record(answer);
  exchange.wire.close(how);
  co_return answer;
}

}  // namespace rwchaos::faults::catalogue
