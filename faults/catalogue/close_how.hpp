#pragma once
// `how: fin|rst`, as close_before_headers, close_on_reuse, idle_close and truncate_response read
// it, and the close every one of them ends with.
#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio/awaitable.hpp>

#include "faults/engine/exchange.hpp"
#include "faults/engine/wire.hpp"
#include "faults/ledger/outcome.hpp"
#include "faults/plan/fields.hpp"

namespace rwchaos::faults::catalogue {

// `how`, default fin.
engine::CloseHow parse_close_how(Fields& fields);

// The ledger outcome of a close with no response byte: close_fin or close_rst.
Outcome closed(engine::CloseHow how);

// Records the close, then closes: a connection cut with no response byte.
boost::asio::awaitable<engine::Answer> close_without_answer(engine::Exchange& exchange, engine::CloseHow how);

}  // namespace rwchaos::faults::catalogue
