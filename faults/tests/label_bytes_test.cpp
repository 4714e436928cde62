// Label names and values are bytes on the wire: VictoriaMetrics (lib/prompb/types.pb.go) stores them
// without a UTF-8 check, so the upstream must accept what storage would accept.
#include <gtest/gtest.h>

#include "faults/ledger/memory_store.hpp"
#include "faults/remotewrite/codec.hpp"

namespace rw = rwchaos::remotewrite;

TEST(LabelBytes, InvalidUtf8LabelValueDecodes) {
  prometheus::WriteRequest request;
  auto* series = request.add_timeseries();
  auto* label = series->add_labels();
  label->set_name("__name__");
  label->set_value("bad\xff\xfe");
  auto* sample = series->add_samples();
  sample->set_value(1);
  sample->set_timestamp(1700000000000);
  const auto decoded = rw::decode(rw::encode(request));
  ASSERT_TRUE(decoded) << decoded.error->message;
  EXPECT_EQ(decoded.request.timeseries(0).labels(0).value(), "bad\xff\xfe");
  EXPECT_EQ(decoded.samples, 1u);
}

TEST(LabelBytes, ExportOfInvalidUtf8LabelDoesNotThrow) {
  rwchaos::faults::ledger::MemoryStore store;
  store.append(store.add_series("k", {{"__name__", "bad\xff"}}), 1, 2.0);
  std::vector<std::pair<std::string, std::string>> lines;
  ASSERT_NO_THROW(store.export_lines(lines));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].second.find("\"timestamps\":[1]"), std::string::npos) << lines[0].second;
}
