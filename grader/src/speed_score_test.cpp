#include "speed_score.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

TEST(SpeedScore, TheMedianRatioResistsOneNoisyPair) {
  SpeedSummary s = summarize_ratios({1.0, 1.02, 0.98, 1.01, 3.5, 0.99, 1.0});
  EXPECT_DOUBLE_EQ(s.median_ratio, 1.0);
  EXPECT_LT(s.spread, 0.05);
  EXPECT_EQ(s.pairs, 7u);
  EXPECT_EQ(confidence(s), "high");
}

TEST(SpeedScore, DisagreeingPairsLowerTheConfidence) {
  SpeedSummary noisy = summarize_ratios({0.7, 1.4, 1.0, 0.8, 1.3, 0.9, 1.2});
  EXPECT_GT(noisy.spread, 0.2);
  EXPECT_EQ(confidence(noisy), "low");
  EXPECT_EQ(confidence(summarize_ratios({1.0, 1.01, 0.99})), "low") << "too few pairs";
}

TEST(SpeedScore, PointsAreFullWithinTheMarginAndFallLinearlyToZero) {
  EXPECT_DOUBLE_EQ(speed_points(0.5, 1.1, 2.0, 20), 20);
  EXPECT_DOUBLE_EQ(speed_points(1.1, 1.1, 2.0, 20), 20);
  EXPECT_NEAR(speed_points(1.55, 1.1, 2.0, 20), 10, 1e-9);
  EXPECT_DOUBLE_EQ(speed_points(2.0, 1.1, 2.0, 20), 0);
  EXPECT_DOUBLE_EQ(speed_points(7.0, 1.1, 2.0, 20), 0);
}

TEST(SpeedScore, ThreePairsFarPastTheZeroSettleIt) {
  EXPECT_TRUE(settled_at_zero({15.0, 14.2, 16.8}, 2.0));
  EXPECT_TRUE(settled_at_zero({2.2, 2.3, 2.25, 9.0}, 2.0)) << "2.2 is 2.0 plus the quiet spread";
  EXPECT_FALSE(settled_at_zero({15.0, 14.2}, 2.0)) << "too few pairs";
  EXPECT_FALSE(settled_at_zero({15.0, 14.2, 2.1}, 2.0)) << "one pair within the spread of the zero";
  EXPECT_FALSE(settled_at_zero({1.0, 1.02, 0.98, 1.01}, 2.0));
}

TEST(SpeedScore, NoPairsIsNoFigure) {
  SpeedSummary s = summarize_ratios({});
  EXPECT_EQ(s.pairs, 0u);
  EXPECT_EQ(confidence(s), "low");
}

}  // namespace
}  // namespace grader
