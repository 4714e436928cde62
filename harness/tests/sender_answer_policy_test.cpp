// The reference sender's rules for an answer (harness/sender/answer_policy.hpp), each misbehaviour
// bending exactly one of them, and the back-off numbers (Prometheus' 30 ms doubling to 5 s).
#include <gtest/gtest.h>

#include "harness/sender/answer_policy.hpp"
#include "harness/sender/retry_after.hpp"

namespace rwchaos::harness::sender {
namespace {

using namespace std::chrono_literals;

const auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT

Decision answer(int status, const Misbehaviours& misbehave = {}, std::string retry_after = {}) {
  Backoff backoff(30ms, 5000ms, misbehave.count(Misbehaviour::constant_backoff) > 0);
  return decide({status, std::move(retry_after), status ? "" : "read response: end of stream", false}, misbehave,
                backoff, now);
}

TEST(SenderAnswerPolicy, TwoHundredsAreDoneAndNeverRetried) {
  for (int status : {200, 204, 299}) EXPECT_EQ(answer(status).next, Next::done) << status;
}

TEST(SenderAnswerPolicy, A2xxBodyIsIgnoredUnlessTheMisbehaviourReadsIt) {
  Backoff backoff(30ms, 5000ms, false);
  const Attempt with_body{200, "", "", false, true};
  EXPECT_EQ(decide(with_body, {}, backoff, now).next, Next::done);
  EXPECT_EQ(decide(with_body, {Misbehaviour::read_2xx_body}, backoff, now).next, Next::retry);
  EXPECT_EQ(decide({204, "", "", false, false}, {Misbehaviour::read_2xx_body}, backoff, now).next, Next::done);
}

TEST(SenderAnswerPolicy, FiveHundredsAndNoResponseAreRetried) {
  for (int status : {500, 502, 503, 504, 599, 0}) {
    const Decision decision = answer(status);
    EXPECT_EQ(decision.next, Next::retry) << status;
    EXPECT_EQ(decision.wait, 30ms) << status;
  }
}

TEST(SenderAnswerPolicy, FourHundredsOtherThan429AreDroppedAndCounted) {
  for (int status : {400, 401, 404, 409, 413, 499}) {
    const Decision decision = answer(status);
    EXPECT_EQ(decision.next, Next::drop) << status;
    EXPECT_EQ(decision.drop_reason, "http_4xx") << status;
    EXPECT_TRUE(decision.count_drop) << status;
  }
  EXPECT_EQ(answer(301).drop_reason, "http_3xx");
}

TEST(SenderAnswerPolicy, TooManyRequestsIsRetriedAfterRetryAfter) {
  EXPECT_EQ(answer(429).next, Next::retry);
  EXPECT_EQ(answer(429).wait, 30ms);
  EXPECT_EQ(answer(429, {}, "3").wait, 3000ms);
  EXPECT_EQ(answer(503, {}, "2").wait, 2000ms);
  EXPECT_EQ(answer(429, {}, "Sun, 06 Nov 1994 08:49:47 GMT").wait, 10000ms);
  EXPECT_EQ(answer(429, {}, "soon").wait, 30ms) << "an unreadable Retry-After is no Retry-After";
  EXPECT_EQ(answer(429, {}, "86400").wait, max_retry_after);
  EXPECT_EQ(answer(500, {}, "3").wait, 30ms) << "Retry-After is read on 429 and 503 only";
}

TEST(SenderAnswerPolicy, BackoffDoublesFrom30MsTo5SAndStartsOverPerBatch) {
  Backoff backoff(30ms, 5000ms, false);
  std::vector<long> waits;
  for (int i = 0; i < 10; ++i) waits.push_back(decide({503, "", "", false}, {}, backoff, now).wait.count());
  EXPECT_EQ(waits, (std::vector<long>{30, 60, 120, 240, 480, 960, 1920, 3840, 5000, 5000}));
  // A Retry-After wait counts as the wait before: the next back-off doubles it (Prometheus' rule).
  EXPECT_EQ(decide({429, "1", "", false}, {}, backoff, now).wait, 1000ms);
  EXPECT_EQ(backoff.next(), 2000ms);
  backoff.reset();
  EXPECT_EQ(backoff.next(), 30ms);
}

TEST(SenderAnswerPolicy, EachMisbehaviourBendsOneRule) {
  EXPECT_EQ(answer(400, {Misbehaviour::retry_4xx}).next, Next::retry);
  EXPECT_EQ(answer(404, {Misbehaviour::retry_4xx}).next, Next::retry);
  EXPECT_EQ(answer(503, {Misbehaviour::retry_4xx}).next, Next::retry);

  const Decision gave_up = answer(503, {Misbehaviour::no_retry});
  EXPECT_EQ(gave_up.next, Next::drop);
  EXPECT_EQ(gave_up.drop_reason, "http_5xx");
  EXPECT_TRUE(gave_up.count_drop);
  EXPECT_EQ(answer(0, {Misbehaviour::no_retry}).next, Next::retry) << "no-retry gives up on 5xx only";
  EXPECT_EQ(answer(429, {Misbehaviour::no_retry}).next, Next::retry);

  const Decision silent = answer(500, {Misbehaviour::drop_on_5xx});
  EXPECT_EQ(silent.next, Next::drop);
  EXPECT_FALSE(silent.count_drop);

  EXPECT_EQ(answer(429, {Misbehaviour::ignore_retry_after}, "3").wait, 30ms);
  EXPECT_EQ(answer(503, {Misbehaviour::ignore_retry_after}, "3").wait, 30ms);

  Backoff constant(30ms, 5000ms, true);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(decide({503, "", "", false}, {}, constant, now).wait, 500ms);

  for (Misbehaviour harmless : {Misbehaviour::reorder, Misbehaviour::no_headers, Misbehaviour::wrong_version_header,
                                Misbehaviour::rebatch}) {
    EXPECT_EQ(answer(400, {harmless}).next, Next::drop);
    EXPECT_EQ(answer(503, {harmless}).next, Next::retry);
    EXPECT_EQ(answer(429, {harmless}, "3").wait, 3000ms);
  }
}

TEST(SenderRetryAfter, ReadsSecondsAndTheThreeHttpDateForms) {
  EXPECT_EQ(parse_retry_after("0", now), 0ms);
  EXPECT_EQ(parse_retry_after(" 120 ", now), 120000ms);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:40 GMT", now), 3000ms);    // IMF-fixdate
  EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:49:41 GMT", now), 4000ms);   // RFC 850
  EXPECT_EQ(parse_retry_after("Sun Nov  6 08:49:42 1994", now), 5000ms);         // asctime
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now), 0ms) << "a date in the past: now";
  for (const char* bad : {"", "-1", "1.5", "3s", "Sun, 06 Nov 1994 08:49:40", "tomorrow", "1234567890123"})
    EXPECT_FALSE(parse_retry_after(bad, now)) << bad;
}

}  // namespace
}  // namespace rwchaos::harness::sender
