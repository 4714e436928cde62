#pragma once
// What several bench measurements share: realistic payloads and percentiles.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "codec.hpp"

namespace rwchaos::faults::bench {

// `series` series of `labels` labels (__name__ included) with `samples` samples each, 1 s apart from `t0` ms.
inline prometheus::WriteRequest make_request(int series, int labels, int samples, std::int64_t t0) {
  prometheus::WriteRequest request;
  for (int s = 0; s < series; ++s) {
    auto* ts = request.add_timeseries();
    auto* name = ts->add_labels();
    name->set_name("__name__");
    name->set_value("bench_metric");
    for (int l = 1; l < labels; ++l) {
      auto* label = ts->add_labels();
      label->set_name("label_" + std::to_string(l));
      label->set_value("value_" + std::to_string(s) + "_" + std::to_string(l));
    }
    for (int i = 0; i < samples; ++i) {
      auto* sample = ts->add_samples();
      sample->set_timestamp(t0 + i * 1000);
      sample->set_value(i);
    }
  }
  return request;
}

inline double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace rwchaos::faults::bench
