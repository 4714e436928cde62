#pragma once
// The keys an `expect:` block may check: every key of Counts except client_metrics_read.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/checks/counts.hpp"

namespace rwchaos::harness {

struct CountKey {
  std::string name;
  bool list = false;  // a list key: bounds apply to every element
  std::string meaning;
};

const std::vector<CountKey>& count_keys();
const CountKey* find_count_key(std::string_view name);
std::vector<std::string> count_key_names();

// The observed value(s) of a key: one number, or every element of a list key; empty if unknown.
std::optional<std::vector<double>> count_values(const Counts& counts, std::string_view name);

}  // namespace rwchaos::harness
