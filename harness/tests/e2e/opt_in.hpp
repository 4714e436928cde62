#pragma once
// The tests in this folder run several real `rwchaos run`s each (20-60 s): they carry the ctest
// label e2e and run only when asked, `RWCHAOS_E2E=1 ctest -L e2e` (docs/ci.md "Tests"), so the
// default ctest stays fast.
#include <cstdlib>
#include <string_view>

#include <gtest/gtest.h>

#define RWCHAOS_REQUIRE_E2E()                                                          \
  do {                                                                                 \
    const char* opted = std::getenv("RWCHAOS_E2E");                                    \
    if (opted == nullptr || std::string_view(opted) != "1")                            \
      GTEST_SKIP() << "a real-process e2e test: run it with RWCHAOS_E2E=1 ctest -L e2e"; \
  } while (0)
