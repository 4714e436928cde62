// victoria-metrics as the run's storage (real process), and the export format it is read through.
#include <gtest/gtest.h>

#include <cmath>

#include "harness/clients/binaries.hpp"
#include "harness/env/victoria_metrics.hpp"
#include "harness/process/http_client.hpp"
#include "harness/tests/e2e_support.hpp"

namespace rwchaos::harness {
namespace {

TEST(ExportLines, ParsesSeriesAndLeavesOutStalenessMarkersIncludingABareNaN) {
  // VM 1.79 writes a NaN first value as bare NaN and later ones as null (export.qtpl).
  const auto series = parse_export_lines(
      R"({"metric":{"__name__":"a","job":"j"},"values":[NaN,2,null,4],"timestamps":[1,2,3,4]})"
      "\n\n"
      R"({"metric":{"__name__":"b"},"values":[7],"timestamps":[10]})"
      "\n");
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].labels.at("job"), "j");
  EXPECT_EQ(series[0].values, (std::vector<double>{2, 4}));
  EXPECT_EQ(series[0].timestamps, (std::vector<std::int64_t>{2, 4}));
  EXPECT_EQ(series[1].labels.at("__name__"), "b");
}

TEST(ExportLines, BadLineNamesItsNumber) {
  try {
    parse_export_lines("{\"metric\":{},\"values\":[],\"timestamps\":[]}\n{not json\n");
    FAIL() << "no error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("line 2"), std::string::npos) << error.what();
  }
}

TEST(VictoriaMetricsStorage, StartsOnAFreePortAndExportsWhatWasWrittenAfterAFlush) {
  RWCHAOS_REQUIRE_PROGRAMS("victoria-metrics");
  e2e::WorkDir work("vm");
  auto vm = VictoriaMetrics::start(find_program("victoria-metrics").path.string(), work.path() / "data",
                                   work.path() / "vm.log");
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const std::string line = fmt::format(
      R"({{"metric":{{"__name__":"rwchaos_test","k":"v"}},"values":[1,2,3],"timestamps":[{},{},{}]}})", now_ms - 2000,
      now_ms - 1000, now_ms);
  const HttpAnswer imported = http_send("POST", vm->base_url() + "/api/v1/import", line, "application/json");
  ASSERT_EQ(imported.status, 204) << imported.body << imported.error;
  vm->force_flush();
  const auto series = vm->export_series({"rwchaos_test", "not_there"});
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].labels.at("k"), "v");
  EXPECT_EQ(series[0].values, (std::vector<double>{1, 2, 3}));
  EXPECT_TRUE(vm->process().running());
  EXPECT_EQ(vm->process().stop(), 0);  // a clean shutdown on SIGTERM
}

}  // namespace
}  // namespace rwchaos::harness
