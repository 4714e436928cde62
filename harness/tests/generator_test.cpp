// The generator over real HTTP: unique values, the query's time echoed, delivered values recorded,
// nothing new once frozen.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

#include "harness/generator/generator.hpp"

namespace rwchaos::harness {
namespace {

// A value is recorded once its answer was fully written, which may be just after the client read it.
template <typename Read>
std::vector<double> settled(Read read, std::size_t want) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (read().size() < want && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::vector<double> values = read();
  std::sort(values.begin(), values.end());  // recording order may differ from serving order
  return values;
}

TEST(Generator, EveryScrapeServesTheNextCounterValueAndRecordsIt) {
  auto generator = Generator::start();
  httplib::Client client("127.0.0.1", generator->port());
  for (int i = 1; i <= 3; ++i) {
    auto res = client.Get("/metrics");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_NE(res->body.find(std::string(generator_scrape_metric) + " " + std::to_string(i) + "\n"), std::string::npos)
        << res->body;
  }
  EXPECT_EQ(settled([&] { return generator->scraped_values(); }, 3), (std::vector<double>{1, 2, 3}));
  EXPECT_TRUE(generator->queried_values().empty());
}

TEST(Generator, QueryAnswersAnInstantVectorAtTheQueryTimeWithAFreshValue) {
  auto generator = Generator::start();
  httplib::Client client("127.0.0.1", generator->port());
  auto first = client.Get("/api/v1/query?query=rwchaos_generated&time=1700000000");
  auto second = client.Get("/api/v1/query?query=rwchaos_generated&time=1700000001");
  ASSERT_TRUE(first && second);
  const auto a = nlohmann::json::parse(first->body);
  const auto b = nlohmann::json::parse(second->body);
  EXPECT_EQ(a["status"], "success");
  EXPECT_EQ(a["data"]["resultType"], "vector");
  EXPECT_EQ(a["data"]["result"][0]["metric"]["__name__"], generator_query_metric);
  EXPECT_EQ(a["data"]["result"][0]["value"][0].get<double>(), 1700000000.0);
  EXPECT_EQ(a["data"]["result"][0]["value"][1], "1");
  EXPECT_EQ(b["data"]["result"][0]["value"][0].get<double>(), 1700000001.0);
  EXPECT_EQ(b["data"]["result"][0]["value"][1], "2");
  EXPECT_EQ(settled([&] { return generator->queried_values(); }, 2), (std::vector<double>{1, 2}));
}

// vmalert 1.79 sends Unix seconds, 1.112 RFC 3339: the answer's time is a number either way.
TEST(Generator, QueryTimeInAnyPrometheusFormIsAnsweredAsSeconds) {
  auto generator = Generator::start();
  httplib::Client client("127.0.0.1", generator->port());
  const std::vector<std::pair<std::string, double>> cases{{"2026-11-29T23:43:50Z", 1795995830.0},
                                                          {"2026-11-29T23:43:50.25%2B01:00", 1795992230.25},
                                                          {"1795995830.5", 1795995830.5}};
  for (const auto& [time, seconds] : cases) {
    auto res = client.Get("/api/v1/query?query=rwchaos_generated&time=" + time);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << time << ": " << res->body;
    const auto answer = nlohmann::json::parse(res->body);
    ASSERT_TRUE(answer["data"]["result"][0]["value"][0].is_number()) << res->body;
    EXPECT_EQ(answer["data"]["result"][0]["value"][0].get<double>(), seconds) << time;
  }
  auto post = client.Post("/api/v1/query", "query=rwchaos_generated&time=2026-11-29T23:43:50Z",
                          "application/x-www-form-urlencoded");
  ASSERT_TRUE(post);
  EXPECT_EQ(nlohmann::json::parse(post->body)["data"]["result"][0]["value"][0].get<double>(), 1795995830.0);
}

TEST(Generator, BadQueryTimeIs400InPrometheusErrorShapeAndHandsOutNoValue) {
  auto generator = Generator::start();
  httplib::Client client("127.0.0.1", generator->port());
  // Each would break out of the answer's JSON if it were copied into it.
  for (const std::string time : {"1%22%5D%7D%5D%7D%7D", "2026-11-29T23:43:50Z%22%7D", "%3Cscript%3E", "1%0A2"}) {
    auto res = client.Get("/api/v1/query?query=rwchaos_generated&time=" + time);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << time;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
    const auto answer = nlohmann::json::parse(res->body);  // throws if the answer is not JSON
    EXPECT_EQ(answer["status"], "error");
    EXPECT_EQ(answer["errorType"], "bad_data");
    EXPECT_EQ(answer["error"].get<std::string>().rfind("invalid parameter \"time\": ", 0), 0u) << answer["error"];
  }
  auto good = client.Get("/api/v1/query?query=rwchaos_generated&time=1");
  ASSERT_TRUE(good);
  EXPECT_EQ(nlohmann::json::parse(good->body)["data"]["result"][0]["value"][1], "1");  // no value was spent
}

TEST(Generator, FrozenGeneratorAnswers503AndRecordsNothingMore) {
  auto generator = Generator::start();
  httplib::Client client("127.0.0.1", generator->port());
  ASSERT_TRUE(client.Get("/metrics"));
  ASSERT_EQ(settled([&] { return generator->scraped_values(); }, 1).size(), 1u);
  generator->freeze();
  auto scrape = client.Get("/metrics");
  auto query = client.Get("/api/v1/query?query=x&time=1");
  ASSERT_TRUE(scrape && query);
  EXPECT_EQ(scrape->status, 503);
  EXPECT_EQ(query->status, 503);
  EXPECT_EQ(generator->scraped_values(), (std::vector<double>{1}));
  EXPECT_TRUE(generator->queried_values().empty());
  EXPECT_GT(generator->frozen_unix_ms(), 1.7e12);
}

TEST(Generator, AStoppingSeriesIsServedBesideTheCounterUntilStoppedWithValuesOfItsOwn) {
  auto generator = Generator::start();
  EXPECT_EQ(generator->frozen_unix_ms(), 0);
  httplib::Client client("127.0.0.1", generator->port());
  const std::string stopping = std::string(generator_scrape_metric) + "{" + stopping_series_label + "} ";
  ASSERT_EQ(client.Get("/metrics")->body.find(stopping), std::string::npos);  // not before it is asked for
  generator->serve_stopping_series();
  auto both = client.Get("/metrics");
  ASSERT_TRUE(both);
  EXPECT_NE(both->body.find(std::string(generator_scrape_metric) + " 2\n"), std::string::npos) << both->body;
  EXPECT_NE(both->body.find(stopping + "3\n"), std::string::npos) << both->body;
  const auto query = nlohmann::json::parse(client.Get("/api/v1/query?query=x&time=1700000000")->body);
  ASSERT_EQ(query["data"]["result"].size(), 2u);
  EXPECT_EQ(query["data"]["result"][1]["metric"]["rwchaos_series"], "stopping");
  EXPECT_NE(query["data"]["result"][0]["value"][1], query["data"]["result"][1]["value"][1]);
  generator->stop_series();
  auto one = client.Get("/metrics");
  EXPECT_EQ(one->body.find(stopping), std::string::npos) << one->body;
  EXPECT_NE(one->body.find(std::string(generator_scrape_metric) + " 4\n"), std::string::npos) << one->body;
  // Every value served once: a value still names one sample.
  EXPECT_EQ(settled([&] { return generator->scraped_values(); }, 4), (std::vector<double>{1, 2, 3, 4}));
}

}  // namespace
}  // namespace rwchaos::harness
