#include "process_limits.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

Rubric a_rubric() {
  Rubric rubric;
  rubric.test_timeout_seconds = 30;
  rubric.tests = {{"Suite.Plain", 1, "", 0}, {"Suite.Slow", 1, "", 120}};
  return rubric;
}

TEST(TimeLimitScale, OneChangesNothing) {
  Rubric rubric = a_rubric();
  scale_time_limits(rubric, 1);
  EXPECT_EQ(test_time_limit(rubric, rubric.tests[0]), std::chrono::seconds(30));
  EXPECT_EQ(test_time_limit(rubric, rubric.tests[1]), std::chrono::seconds(120));
}

TEST(TimeLimitScale, ASlowMachineGetsEveryLimitLonger) {
  Rubric rubric = a_rubric();
  scale_time_limits(rubric, 2.5);
  EXPECT_EQ(test_time_limit(rubric, rubric.tests[0]), std::chrono::seconds(75));
  EXPECT_EQ(test_time_limit(rubric, rubric.tests[1]), std::chrono::seconds(300));
}

// A hang is cut short; a test the rubric says is slow keeps its own limit.
TEST(TimeLimitScale, BelowOneShortensTheDefaultButNotASlowTestsOwn) {
  Rubric rubric = a_rubric();
  scale_time_limits(rubric, 0.34);
  EXPECT_EQ(test_time_limit(rubric, rubric.tests[0]), std::chrono::seconds(11));
  EXPECT_EQ(test_time_limit(rubric, rubric.tests[1]), std::chrono::seconds(120));
}

TEST(TimeLimitScale, NoLimitFallsBelowOneSecond) {
  Rubric rubric = a_rubric();
  scale_time_limits(rubric, 0.001);
  EXPECT_EQ(test_time_limit(rubric, rubric.tests[0]), std::chrono::seconds(1));
}

}  // namespace
}  // namespace grader
