#pragma once
// A decoded request's samples as the ledger lists them (LedgerRecord::samples_by_series).
#include <cstdint>
#include <vector>

#include "faults/ledger/record.hpp"
#include "wire_reader.hpp"

namespace rwchaos::faults::ledger {

// Remote-write 1.0 spec, "Stale Markers": "Stale markers MUST be signalled by the special NaN value
// 0x7ff0000000000002". Compared as bits: every NaN compares unequal as a double.
inline constexpr std::uint64_t stale_marker_bits = 0x7ff0000000000002ull;
bool is_stale_marker(double value);

// One entry per series of the request, in the request's order.
std::vector<SeriesSamples> list_samples(const remotewrite::WriteRequestView& request);

}  // namespace rwchaos::faults::ledger
