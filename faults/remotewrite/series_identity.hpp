#pragma once
// What makes two series the same series: their label sets, whatever the order or the encoding the
// sender used. series_key is the readable form (exports, stores); series_hash the identity the
// sample book counts duplicates by.
#include <cstdint>
#include <span>
#include <string>

#include "remote.pb.h"
#include "wire_reader.hpp"

namespace rwchaos::remotewrite {

// Readable identity: labels sorted by name, `name="value"` joined by commas. Equal names
// (malformed, but decodable) are ordered by value, so the key ignores label order. Not injective
// (a value may contain `",`), so it is for display and ordering, not for counting.
std::string series_key(const prometheus::TimeSeries& series);
// The same key into `out` (replaced), for hot loops that reuse one buffer.
void series_key(std::span<const LabelView> labels, std::string& out);

// XXH3-64 of the labels' canonical encoding: sorted by name then value, each one a Label field
// (field 1 of TimeSeries) holding its name field then its value field, both always written, every
// length a minimal varint. Length-prefixed, so two label sets never share an encoding.
std::uint64_t series_hash(std::span<const LabelView> labels);
// The same hash, from the payload's own bytes when the reader found them canonical.
std::uint64_t series_hash(const WriteRequestView& request, const SeriesView& series);

}  // namespace rwchaos::remotewrite
