#pragma once
// The duration of everything a user writes (docs/scenario.md "Durations"): the one Duration of
// faults/config, whole milliseconds, with its one parser and formatter.
#include "faults/config/duration.hpp"

namespace rwchaos::harness {

using faults::Duration;

}  // namespace rwchaos::harness
