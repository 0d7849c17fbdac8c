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

TEST(ClassSummary, DataFilesQuoteTheBandsForGnuplot) {
  Histogram h = score_histogram(a_class(), {"01", "02"});
  std::string data = histogram_data(h, "scores");
  EXPECT_EQ(data.substr(0, data.find('\n', data.find('\n') + 1) + 1), "# scores\n# band 01 02\n");
  EXPECT_NE(data.find("\"60-69\" 1 0\n"), std::string::npos) << data;
  EXPECT_NE(data.find("\"100\" 1 1\n"), std::string::npos) << data;
}

class ClassSummaryFiles : public ::testing::Test {
 protected:
  ScratchDir scratch_{"grader_class_summary_test"};
  const fs::path& out_ = scratch_.path();
};

TEST_F(ClassSummaryFiles, WritesDataScriptAndText) {
  std::string text = write_class_summary(out_, a_class(), {"01", "02"});
  for (const char* file : {"scores.dat", "relative_speed.dat", "own_speedup.dat", "summary.gp"})
    EXPECT_TRUE(fs::exists(out_ / "summary" / file)) << file;
  std::string gp = read_file(out_ / "summary" / "summary.gp");
  EXPECT_NE(gp.find("set output '../scores.svg'"), std::string::npos);
  EXPECT_NE(gp.find("plot 'scores.dat' using 2:xtic(1) title \"exercise 01\", '' using 3 title \"exercise 02\""),
            std::string::npos)
      << gp;
  EXPECT_NE(gp.find("plot 'relative_speed.dat' using 2:xtic(1) title \"exercise 02\"\n"), std::string::npos) << gp;
  EXPECT_NE(text.find("4 students, 3 graded (1 not"), std::string::npos) << text;
  EXPECT_NE(text.find("  01  mean 43.1  median 36.2  range 0-100  full marks 1 of 4"), std::string::npos) << text;
  EXPECT_NE(text.find("speed 0.90x the reference's (median of 2), own speedup 1.80x"), std::string::npos) << text;
}

TEST_F(ClassSummaryFiles, NoSpeedMeasuredMeansNoSpeedupPlot) {
  write_class_summary(out_, {student("a", 50, 50)}, {"01", "02"});
  std::string gp = read_file(out_ / "summary" / "summary.gp");
  EXPECT_EQ(gp.find("speedup.svg'"), std::string::npos) << gp;
  EXPECT_NE(gp.find("no speedup.svg"), std::string::npos) << gp;
}

TEST_F(ClassSummaryFiles, WithoutGnuplotItSaysHowToRenderLater) {
  write_class_summary(out_, a_class(), {"01"});
  std::string message = render_class_summary(out_, "/nonexistent/gnuplot");
  EXPECT_NE(message.find("apt-get install gnuplot-nox"), std::string::npos) << message;
  EXPECT_NE(message.find("gnuplot summary.gp"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(out_ / "scores.svg"));
}

}  // namespace
}  // namespace grader
