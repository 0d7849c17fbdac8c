#include "curve.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

TEST(CurvePointOfRounds, IsTheMedianOfTheRoundsWithTheirRange) {
  PerformanceFigures::CurvePoint p =
      curve_point("cpu_heavy/workers:2", {{.ns = 30}, {.ns = 10}, {.ns = 20}}, {{.ns = 12}, {.ns = 11}, {.ns = 13}});
  EXPECT_EQ(p.name, "cpu_heavy/workers:2");
  EXPECT_DOUBLE_EQ(p.student_ns, 20);
  EXPECT_DOUBLE_EQ(p.student_low_ns, 10);
  EXPECT_DOUBLE_EQ(p.student_high_ns, 30);
  EXPECT_DOUBLE_EQ(p.reference_ns, 12);
  EXPECT_DOUBLE_EQ(p.reference_low_ns, 11);
  EXPECT_DOUBLE_EQ(p.reference_high_ns, 13);
  EXPECT_FALSE(p.disturbed);
}

TEST(CurvePointOfRounds, LeavesOutDisturbedRoundsWhileUndisturbedOnesCanBeHad) {
  // The 90 was taken while another program held a core: not the code's time.
  PerformanceFigures::CurvePoint p =
      curve_point("x", {{.ns = 90, .disturbed = true}, {.ns = 20}, {.ns = 22}}, {{.ns = 10}});
  EXPECT_DOUBLE_EQ(p.student_ns, 21);
  EXPECT_DOUBLE_EQ(p.student_high_ns, 22);
  EXPECT_FALSE(p.disturbed);
}

TEST(CurvePointOfRounds, IsMarkedWhenEveryRoundOfASideWasDisturbed) {
  PerformanceFigures::CurvePoint p =
      curve_point("x", {{.ns = 20}, {.ns = 22}}, {{.ns = 40, .disturbed = true}, {.ns = 50, .disturbed = true}});
  EXPECT_TRUE(p.disturbed);
  EXPECT_DOUBLE_EQ(p.reference_ns, 45);  // all rounds count then
  EXPECT_DOUBLE_EQ(p.reference_low_ns, 40);
}

TEST(CurvePointOfRounds, KnowsNoSpreadFromOneRoundAndNoTimeFromNone) {
  PerformanceFigures::CurvePoint p = curve_point("x", {{.ns = 0}, {.ns = 0}}, {{.ns = 15}, {.ns = 0}});
  EXPECT_EQ(p.student_ns, 0);  // the student's benchmark has no such point
  EXPECT_FALSE(p.disturbed);
  EXPECT_DOUBLE_EQ(p.reference_ns, 15);
  EXPECT_EQ(p.reference_low_ns, 0);
  EXPECT_EQ(p.reference_high_ns, 0);
}

TEST(CurvePointOfRounds, TakesEachCountersMedianOverTheRoundsThatCounted) {
  PerformanceFigures::CurvePoint p = curve_point("pipeline/x",
                                                 {{.ns = 10, .counters = {{"fetch_busy", 0.5}}},
                                                  {.ns = 10, .counters = {{"fetch_busy", 0.9}}},
                                                  {.ns = 10, .disturbed = true, .counters = {{"fetch_busy", 0.1}}}},
                                                 {{.ns = 10, .counters = {{"fetch_busy", 0.8}}}});
  EXPECT_DOUBLE_EQ(p.student_counters.at("fetch_busy"), 0.7);
  EXPECT_DOUBLE_EQ(p.reference_counters.at("fetch_busy"), 0.8);
}

}  // namespace
}  // namespace grader
