// rwchaos-kind-generator on real loopback sockets: the ground truth a kind client pod serves.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "harness/generator/kind_generator_sidecar.hpp"

namespace rwchaos::harness {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

TEST(KindGeneratorSidecar, ServesCountsAndFreezes) {
  auto sidecar = GeneratorSidecar::start(0, 0);
  httplib::Client generator("127.0.0.1", sidecar->generator_port());
  httplib::Client values("127.0.0.1", sidecar->values_port());
  for (int i = 1; i <= 3; ++i) {
    const auto scrape = generator.Get("/metrics");
    ASSERT_TRUE(scrape);
    EXPECT_THAT(scrape->body, HasSubstr("rwchaos_generated_total " + std::to_string(i) + "\n"));
  }
  const auto query = generator.Get("/api/v1/query?query=rwchaos_generated&time=1700000000");
  ASSERT_TRUE(query);
  EXPECT_THAT(query->body, HasSubstr(R"("value":[1700000000,"1"])"));

  // A value is recorded once its response was written whole, just after the client may already
  // have read it: poll (bounded) until all four are in.
  nlohmann::json json;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  for (;;) {
    const auto before = values.Get("/values");
    ASSERT_TRUE(before);
    json = nlohmann::json::parse(before->body);
    if ((json["scraped"].size() == 3 && json["queried"].size() == 1) || std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_THAT(json["scraped"].get<std::vector<double>>(), ElementsAre(1, 2, 3));
  EXPECT_THAT(json["queried"].get<std::vector<double>>(), ElementsAre(1));

  ASSERT_TRUE(values.Post("/freeze", "", "text/plain"));
  const auto frozen = generator.Get("/metrics");
  ASSERT_TRUE(frozen);
  EXPECT_EQ(frozen->status, 503);
  EXPECT_EQ(nlohmann::json::parse(values.Get("/values")->body)["scraped"].size(), 3u);
}

TEST(KindGeneratorSidecar, BadFlagsExitTwo) {
  const char* unknown[] = {"rwchaos-kind-generator", "--port=1"};
  EXPECT_EQ(run_generator_sidecar(2, const_cast<char**>(unknown)), 2);
  const char* bad_port[] = {"rwchaos-kind-generator", "--values-port=70000"};
  EXPECT_EQ(run_generator_sidecar(2, const_cast<char**>(bad_port)), 2);
}

}  // namespace
}  // namespace rwchaos::harness
