#include "class_summary.h"

#include <gtest/gtest.h>

#include "test_support.h"
#include "text_files.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

StudentResult student(const std::string& name, double s01, double s02, double student_ns = 0) {
  // Exercise 02's speed: the reference takes 10 ms, one core 20 ms.
  return {name,
          BatchStatus::kGraded,
          "",
          1,
          {{"01", s01, 100, "", 0, 0, 0},
           {"02", s02, 100, "", student_ns, student_ns > 0 ? 10e6 : 0, student_ns > 0 ? 20e6 : 0}}};
}

std::vector<StudentResult> a_class() {
  return {student("a", 100, 100, 10e6),
          student("b", 62.5, 95, 12.5e6),
          student("c", 0, 0),
          {"d", BatchStatus::kTimedOut, "after 40 min", 2400, {{"01", 9.9, 100, "", 0, 0, 0}}}};
}

int count(const Histogram& h, const std::string& band, const std::string& exercise) {
  auto b = std::find(h.bands.begin(), h.bands.end(), band) - h.bands.begin();
  auto e = std::find(h.exercises.begin(), h.exercises.end(), exercise) - h.exercises.begin();
  if (b == static_cast<long>(h.bands.size()) || e == static_cast<long>(h.exercises.size())) return -1;
  return h.counts[b][e];
}

TEST(ClassSummary, ScoresFallInBandsOfTenWithFullMarksApart) {
  Histogram h = score_histogram(a_class(), {"01", "02"});
  ASSERT_EQ(h.bands.size(), 11u);
  EXPECT_EQ(count(h, "100", "01"), 1);
  EXPECT_EQ(count(h, "60-69", "01"), 1);
  EXPECT_EQ(count(h, "0-9", "01"), 2);  // 0, and 9.9 of a student whose grading timed out
  EXPECT_EQ(count(h, "90-99", "02"), 1);
  EXPECT_EQ(count(h, "0-9", "02"), 1);  // d has no score for 02: not counted
}

TEST(ClassSummary, SpeedIsOnlyForExercisesWhereItWasMeasured) {
  Histogram speed = relative_speed_histogram(a_class(), {"01", "02"});
  EXPECT_EQ(speed.exercises, std::vector<std::string>{"02"});
  EXPECT_EQ(count(speed, "1-1.1", "02"), 1);    // as fast as the reference
  EXPECT_EQ(count(speed, "0.8-0.9", "02"), 1);  // 10 / 12.5
  EXPECT_EQ(speed.bands.back(), "1.5+");
  Histogram speedup = own_speedup_histogram(a_class(), {"01", "02"});
  EXPECT_EQ(count(speedup, "2+", "02"), 1);        // 20 / 10
  EXPECT_EQ(count(speedup, "1.5-1.75", "02"), 1);  // 20 / 12.5
}

TEST(ClassSummary, ASpeedOnABandsEdgeFallsInTheBandItStarts) {
  // 0.7 / 0.1 is 6.999... in floating point.
  StudentResult r{"a", BatchStatus::kGraded, "", 1, {{"02", 100, 100, "", 10e6, 7e6, 10e6}}};
  EXPECT_EQ(count(relative_speed_histogram({r}, {"02"}), "0.7-0.8", "02"), 1);
}

TEST(ClassSummary, AHistogramIsABarChartOfBandsByExercise) {
  BarChart chart = histogram_chart(score_histogram(a_class(), {"01", "02"}), "scores");
  EXPECT_EQ(chart.series, (std::vector<std::string>{"01", "02"}));
  ASSERT_EQ(chart.groups.size(), 11u);
  EXPECT_EQ(chart.groups[6].label, "60-69");
  EXPECT_EQ(chart.groups[6].values, (std::vector<double>{1, 0}));
  EXPECT_EQ(chart.groups[10].label, "100");
  EXPECT_EQ(chart.groups[10].values, (std::vector<double>{1, 1}));
}

class ClassSummaryFiles : public ::testing::Test {
 protected:
  ScratchDir scratch_{"grader_class_summary_test"};
  const fs::path& out_ = scratch_.path();
};

TEST_F(ClassSummaryFiles, WritesEachPlotAsAnSvgFileAndSaysWhere) {
  std::string text = write_class_summary(out_, a_class(), {"01", "02"});
  for (const char* file : {"scores.svg", "relative_speed.svg", "own_speedup.svg"}) {
    std::string svg = read_file(out_ / file);
    EXPECT_EQ(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 0), 0u) << file;
    EXPECT_NE(svg.find("xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos) << file;
    EXPECT_NE(text.find((out_ / file).string()), std::string::npos) << text;
  }
  // A bar per band and exercise: 11 bands of points, 2 exercises.
  std::string scores = read_file(out_ / "scores.svg");
  std::size_t bars = 0;
  for (std::size_t at = scores.find("class=\"bar\""); at != std::string::npos;
       at = scores.find("class=\"bar\"", at + 1))
    ++bars;
  EXPECT_EQ(bars, 22u);
  EXPECT_NE(text.find("4 students, 3 graded (1 not"), std::string::npos) << text;
  EXPECT_NE(text.find("  01  mean 43.1  median 36.2  range 0-100  full marks 1 of 4"), std::string::npos) << text;
  EXPECT_NE(text.find("speed 0.90x the reference's (median of 2), own speedup 1.80x"), std::string::npos) << text;
}

TEST_F(ClassSummaryFiles, NoSpeedMeasuredMeansNoSpeedPlots) {
  std::string text = write_class_summary(out_, {student("a", 50, 50)}, {"01", "02"});
  EXPECT_TRUE(fs::exists(out_ / "scores.svg"));
  EXPECT_FALSE(fs::exists(out_ / "relative_speed.svg"));
  EXPECT_FALSE(fs::exists(out_ / "own_speedup.svg"));
  EXPECT_EQ(class_plots({student("a", 50, 50)}, {"01", "02"}).size(), 1u);
}

}  // namespace
}  // namespace grader
