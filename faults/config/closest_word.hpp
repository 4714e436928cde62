#pragma once
// "Did you mean" hints for scenario, plan and Istio YAML errors: the known word nearest to a typo.
#include <cstddef>
#include <string>
#include <string_view>

namespace rwchaos::faults::config {

// Levenshtein distance (insertions, deletions, substitutions).
std::size_t edit_distance(std::string_view a, std::string_view b);

struct SameSpelling {
  std::string operator()(std::string_view word) const { return std::string(word); }
};

// The candidate within two edits of `word`, both compared after `normalise`; "" when none is.
// The first candidate at the smallest distance wins.
template <typename Candidates, typename Normalise = SameSpelling>
std::string closest_word(std::string_view word, const Candidates& candidates, Normalise normalise = {}) {
  const std::string wanted = normalise(word);
  std::string best;
  std::size_t best_distance = 3;  // more than two edits away is not a typo of it
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(wanted, normalise(candidate));
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace rwchaos::faults::config
